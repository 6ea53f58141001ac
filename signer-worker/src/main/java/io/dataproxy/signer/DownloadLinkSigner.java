package io.dataproxy.signer;

import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.CreateDownloadLink;
import io.dataproxy.avro.url.DownloadLinks;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.SignedUrlExpiry;
import io.dataproxy.storage.StorageRefusedException;
import io.dataproxy.wire.NativeUrl;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * CreateDownloadLink: every native URL must parse as one of this storage's ({@code s3://bucket/key},
 * {@code gs://bucket/key}, {@code abfs://container/key}) with a key that passes the one key
 * rule ({@link io.dataproxy.wire.ObjectKeys}: no empty, {@code .} or {@code ..} segment, no control or
 * bidirectional-control character, at most 1,024 bytes) and name a bucket this service signs for; with
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
            throw RequestRejected.invalid("native_urls must name at least one " + storage.nativeUrlForm() + " URL");
        }
        if (urls.size() > config.maxLinks()) {
            throw RequestRejected.invalid("native_urls has " + urls.size() + " URLs; at most " + config.maxLinks()
                    + " per request (dataproxy.download.maxLinks)");
        }
        Duration expiresIn = expiry.resolve(request.getExpiresIn());
        List<ObjectLocation> locations = new ArrayList<>(urls.size());
        for (int i = 0; i < urls.size(); i++) {
            locations.add(location("native_urls[" + i + "]", urls.get(i)));
        }
        if (config.checkExists()) {
            for (int i = 0; i < locations.size(); i++) {
                if (exists("native_urls[" + i + "]", locations.get(i))) {
                    continue;
                }
                throw new RequestRejected(ErrorCode.NOT_FOUND, "native_urls[" + i + "] " + locations.get(i) + " does not exist");
            }
            deadline.check();
        }
        List<String> signed = new ArrayList<>(locations.size());
        Instant signedAt = clock.instant();
        Instant expiresAt = null;
        for (ObjectLocation location : locations) {
            URI url = storage.presignGet(location, expiresIn);
            // the earliest of the URLs' own expiries: a link signed a second later lives a second longer, never shorter
            Instant dies = SignedUrlExpiry.of(url).orElseGet(() -> Instant.ofEpochSecond(signedAt.getEpochSecond())
                    .plus(expiresIn));
            expiresAt = expiresAt == null || dies.isBefore(expiresAt) ? dies : expiresAt;
            signed.add(url.toString());
        }
        return DownloadLinks.newBuilder().setSignedUrls(signed).setExpiresAt(expiresAt).build();
    }

    /** The object {@code url} names, if it is well formed and in a bucket this service signs for. */
    private ObjectLocation location(String field, String url) {
        NativeUrl parsed;
        try {
            parsed = NativeUrl.parse(field, url);
        } catch (IllegalArgumentException e) {
            throw RequestRejected.invalid(e.getMessage());
        }
        ObjectLocation location = storage.locate(parsed).orElseThrow(() -> RequestRejected.invalid(field + " is a "
                + parsed.scheme() + ":// URL of another storage; this service signs " + storage.nativeUrlForm() + " URLs only"));
        if (!allowedBuckets.contains(location.bucket())) {
            throw new RequestRejected(ErrorCode.PERMISSION_DENIED, field + " names bucket '" + location.bucket()
                    + "', which this service does not sign for");
        }
        return location;
    }

    /** A HEAD storage refuses for good is the request's problem, not a reason to try again. */
    private boolean exists(String field, ObjectLocation location) {
        try {
            return storage.head(location).isPresent();
        } catch (StorageRefusedException e) {
            throw RequestRejected.storageRefused(field + " " + location, e);
        }
    }
}
