package io.dataproxy.signer;

import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UploadLocation;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.PresignedUpload;
import io.dataproxy.storage.StorageRefusedException;
import io.dataproxy.storage.StoredObject;
import io.dataproxy.storage.UploadConstraints;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * CreateUploadLocation: validates the request in the order {@code signer.md} gives, builds the object
 * key, guards deterministic keys against overwrites, and presigns the PUT.
 */
public final class UploadLocationSigner {

    /** Object metadata that carries the body's MD5, so a re-upload can be matched without trusting ETags. */
    static final String MD5_METADATA = "flyteContentMD5";

    private final SignerConfig.Upload config;
    private final ObjectStorage storage;
    private final String container;
    private final ObjectKeyLayout layout;
    private final ExpiryPolicy expiry;

    public UploadLocationSigner(SignerConfig.Upload config, ObjectStorage storage, String container) {
        this.config = config;
        this.storage = storage;
        this.container = container;
        this.layout = new ObjectKeyLayout(config.storagePrefix());
        this.expiry = new ExpiryPolicy(config.maxExpiresIn(), "dataproxy.upload.maxExpiresIn");
    }

    /** @param deadline checked again after the storage lookup, which may be slow */
    public UploadLocation sign(CreateUploadLocation request, Deadline deadline) {
        if (isBlank(request.getProject()) || isBlank(request.getDomain())) {
            throw RequestRejected.invalid("project and domain are required");
        }
        byte[] md5 = bytes(request.getContentMd5());
        if (isBlank(request.getFilenameRoot()) && md5 == null) {
            throw RequestRejected.invalid("give filename_root or content_md5, so the upload location is reproducible");
        }
        if (md5 != null && md5.length != 16) {
            throw RequestRejected.invalid("content_md5 must be the raw 16-byte MD5 of the body; got " + md5.length + " bytes");
        }
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

        boolean deterministic = !isBlank(request.getFilename()) && !isBlank(request.getFilenameRoot());
        String directory = isBlank(request.getFilenameRoot()) ? ObjectKeyLayout.base32(md5) : request.getFilenameRoot();
        String filename = isBlank(request.getFilename()) ? FileNames.random(config.defaultFileNameLength()) : request.getFilename();
        ObjectLocation location = storage.location(container,
                layout.uploadKey(request.getOrg(), request.getProject(), request.getDomain(), directory, filename));

        if (deterministic) {
            guardOverwrite(location, md5);
            deadline.check();
        }

        Optional<String> md5Base64 = Optional.ofNullable(md5).map(m -> Base64.getEncoder().encodeToString(m));
        UploadConstraints constraints = new UploadConstraints(md5Base64,
                length == null ? OptionalLong.empty() : OptionalLong.of(length),
                request.getAddContentMd5Metadata() ? Map.of(MD5_METADATA, md5Base64.orElseThrow()) : Map.of());
        PresignedUpload presigned = storage.presignPut(location, constraints, expiresIn);
        return UploadLocation.newBuilder()
                .setSignedUrl(presigned.url().toString())
                .setNativeUrl(location.nativeUrl())
                .setExpiresAt(presigned.expiresAt())
                .setHeaders(presigned.headers())
                .setSignedHeaders(new ArrayList<>(new TreeSet<>(presigned.signedHeaders())))
                .build();
    }

    /**
     * A fully determined key may already hold an object. Rewriting it is allowed only with the same
     * content, proven by the MD5 stored as metadata or, failing that, by the MD5 storage keeps of the content
     * (Azure's {@code Content-MD5}, GCS's {@code md5Hash}) or by the ETag (S3's is the MD5 of a single-part upload).
     */
    private void guardOverwrite(ObjectLocation location, byte[] md5) {
        Optional<StoredObject> existing;
        try {
            existing = storage.head(location);
        } catch (StorageRefusedException e) {
            throw RequestRejected.storageRefused("the upload location " + location, e);
        }
        if (existing.isEmpty()) {
            return;
        }
        if (md5 == null) {
            throw new RequestRejected(ErrorCode.ALREADY_EXISTS, location.nativeUrl()
                    + " already exists; specify a matching content_md5 to rewrite it");
        }
        String base64 = Base64.getEncoder().encodeToString(md5);
        StoredObject object = existing.get();
        Optional<String> storedMd5 = object.metadata(MD5_METADATA);
        boolean same = storedMd5.isPresent()
                ? storedMd5.get().equals(base64)
                : object.contentMd5Base64().isPresent()
                ? object.contentMd5Base64().get().equals(base64)
                : object.etag().equalsIgnoreCase(HexFormat.of().formatHex(md5))
                        || object.etag().equals(ObjectKeyLayout.base32(md5))
                        || object.etag().equals(base64);
        if (!same) {
            throw new RequestRejected(ErrorCode.ALREADY_EXISTS, location.nativeUrl()
                    + " already exists with different content; content_md5 does not match it");
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isEmpty();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
