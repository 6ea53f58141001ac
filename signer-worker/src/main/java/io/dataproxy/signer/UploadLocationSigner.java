package io.dataproxy.signer;

import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UploadLocation;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.PresignedUpload;
import io.dataproxy.storage.UploadConstraints;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * CreateUploadLocation: validates the request in the order docs/signer.md gives, builds the object
 * key, guards deterministic keys against overwrites, and presigns the PUT.
 */
public final class UploadLocationSigner {

    static final String MD5_METADATA = UploadPlacement.MD5_METADATA;

    private final SignerConfig.Upload config;
    private final ObjectStorage storage;
    private final UploadPlacement placement;
    private final ExpiryPolicy expiry;

    public UploadLocationSigner(SignerConfig.Upload config, ObjectStorage storage, String container) {
        this.config = config;
        this.storage = storage;
        this.placement = new UploadPlacement(config, storage, container);
        this.expiry = new ExpiryPolicy(config.maxExpiresIn(), "dataproxy.upload.maxExpiresIn");
    }

    /** @param deadline checked again after the storage lookup, which may be slow */
    public UploadLocation sign(CreateUploadLocation request, Deadline deadline) {
        byte[] md5 = UploadPlacement.bytes(request.getContentMd5());
        placement.checkFields(request.getProject(), request.getDomain(), request.getFilenameRoot(), md5, false);
        var expiresIn = expiry.resolve(request.getExpiresIn());
        Long length = request.getContentLength();
        if (length == null && config.requireContentLength()) {
            throw RequestRejected.invalid("content_length is required: send the size of the body in bytes (at most "
                    + config.maxSize() + ", dataproxy.upload.maxSize), so the signed URL accepts that size only. A deployment"
                    + " may accept uploads without it (dataproxy.upload.requireContentLength: false); their size is then unbounded");
        }
        if (length != null && (length < 0 || length > config.maxSize())) {
            throw RequestRejected.invalid("content_length must be from 0 to " + config.maxSize()
                    + " bytes (dataproxy.upload.maxSize); was " + length);
        }
        if (request.getAddContentMd5Metadata() && md5 == null) {
            throw RequestRejected.invalid("add_content_md5_metadata needs content_md5");
        }

        UploadPlacement.Placed placed = placement.place(request.getOrg(), request.getProject(), request.getDomain(),
                request.getFilename(), request.getFilenameRoot(), md5, null);
        ObjectLocation location = placed.location();
        if (placed.deterministic()) {
            placement.guardOverwrite(location, md5);
            deadline.check();
        }

        Optional<String> md5Base64 = Optional.ofNullable(md5).map(m -> Base64.getEncoder().encodeToString(m));
        UploadConstraints constraints = new UploadConstraints(md5Base64,
                length == null ? OptionalLong.empty() : OptionalLong.of(length),
                request.getAddContentMd5Metadata() ? Map.of(MD5_METADATA, md5Base64.orElseThrow()) : Map.of());
        PresignedUpload presigned = storage.presignPut(location, constraints, expiresIn);
        return UploadLocation.newBuilder()
                .setSignedUrl(presigned.signedUrl())
                .setNativeUrl(location.nativeUrl())
                .setExpiresAt(presigned.expiresAt())
                .setHeaders(presigned.headers())
                .setSignedHeaders(new ArrayList<>(new TreeSet<>(presigned.signedHeaders())))
                .build();
    }
}
