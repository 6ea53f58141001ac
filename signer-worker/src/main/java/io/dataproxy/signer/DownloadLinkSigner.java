package io.dataproxy.signer;

import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.CreateDownloadLink;
import io.dataproxy.avro.url.DownloadLinks;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.storage.ObjectStorage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * CreateDownloadLink: every native URL must parse and name a bucket this service signs for; with
 * {@code dataproxy.download.checkExists} each object must exist. Only then is anything signed.
 */
public final class DownloadLinkSigner {

    private final SignerConfig.Download config;
    private final ObjectStorage storage;
    private final Set<String> allowedBuckets;
    private final ExpiryPolicy expiry;
    private final Clock clock;

    public DownloadLinkSigner(SignerConfig.Download config, ObjectStorage storage, Set<String> allowedBuckets, Clock clock) {
        this.config = config;
        this.storage = storage;
        this.allowedBuckets = Set.copyOf(allowedBuckets);
        this.expiry = new ExpiryPolicy(config.maxExpiresIn(), "dataproxy.download.maxExpiresIn");
        this.clock = clock;
    }

    public DownloadLinks sign(CreateDownloadLink request, Deadline deadline) {
        List<String> urls = request.getNativeUrls();
        if (urls.isEmpty()) {
            throw RequestRejected.invalid("native_urls must name at least one s3://bucket/key URL");
        }
        if (urls.size() > config.maxLinks()) {
            throw RequestRejected.invalid("native_urls has " + urls.size() + " URLs; at most " + config.maxLinks()
                    + " per request (dataproxy.download.maxLinks)");
        }
        Duration expiresIn = expiry.resolve(request.getExpiresIn());
        List<ObjectLocation> locations = new ArrayList<>(urls.size());
        for (int i = 0; i < urls.size(); i++) {
            ObjectLocation location;
            try {
                location = ObjectLocation.parse(urls.get(i));
            } catch (IllegalArgumentException e) {
                throw RequestRejected.invalid("native_urls[" + i + "] " + e.getMessage());
            }
            if (!allowedBuckets.contains(location.bucket())) {
                throw new RequestRejected(ErrorCode.PERMISSION_DENIED, "native_urls[" + i + "] names bucket '"
                        + location.bucket() + "', which this service does not sign for");
            }
            if (location.key().length() > ObjectKeyLayout.MAX_KEY_BYTES) {
                throw RequestRejected.invalid("native_urls[" + i + "] has a key longer than storage allows");
            }
            locations.add(location);
        }
        if (config.checkExists()) {
            for (int i = 0; i < locations.size(); i++) {
                if (storage.head(locations.get(i)).isEmpty()) {
                    throw new RequestRejected(ErrorCode.NOT_FOUND, "native_urls[" + i + "] " + locations.get(i) + " does not exist");
                }
            }
            deadline.check();
        }
        List<String> signed = new ArrayList<>(locations.size());
        var expiresAt = clock.instant().plus(expiresIn);
        for (ObjectLocation location : locations) {
            signed.add(storage.presignGet(location, expiresIn).toString());
        }
        return DownloadLinks.newBuilder().setSignedUrls(signed).setExpiresAt(expiresAt).build();
    }
}
