package io.dataproxy.signer;

import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.StorageRefusedException;
import io.dataproxy.storage.StoredObject;
import io.dataproxy.wire.NativeUrl;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Where an upload goes, whatever its kind (a presigned PUT, a multipart upload, a POST form): the key layout, the
 * field checks every kind shares, and the guard that keeps a fully determined key from being overwritten with other
 * content (docs/signer.md).
 */
public final class UploadPlacement {

    /** Object metadata that carries the body's MD5, so a re-upload can be matched without trusting ETags. */
    static final String MD5_METADATA = "flyteContentMD5";

    private final ObjectStorage storage;
    private final String container;
    private final ObjectKeyLayout layout;
    private final int defaultFileNameLength;

    public UploadPlacement(SignerConfig.Upload config, ObjectStorage storage, String container) {
        this.storage = storage;
        this.container = container;
        this.layout = new ObjectKeyLayout(config.storagePrefix());
        this.defaultFileNameLength = config.defaultFileNameLength();
    }

    /**
     * An upload's object and whether the request fixed its key entirely (both {@code filename} and
     * {@code filename_root} given), which is when {@link #guardOverwrite} applies.
     */
    public record Placed(ObjectLocation location, boolean deterministic) {
    }

    /**
     * @param md5 the raw MD5 of the whole body, or null; places the object (base32 directory) when
     *            {@code filenameRoot} is empty
     * @param rootWhenMissing the directory when neither {@code filenameRoot} nor {@code md5} is given; null: refused
     */
    public Placed place(String org, String project, String domain, String filename, String filenameRoot, byte[] md5,
                        String rootWhenMissing) {
        checkFields(project, domain, filenameRoot, md5, rootWhenMissing != null);
        String directory = !isBlank(filenameRoot) ? filenameRoot : md5 != null ? ObjectKeyLayout.base32(md5) : rootWhenMissing;
        String name = isBlank(filename) ? FileNames.random(defaultFileNameLength) : filename;
        ObjectLocation location = storage.location(container, layout.uploadKey(org, project, domain, directory, name));
        return new Placed(location, !isBlank(filename) && !isBlank(filenameRoot));
    }

    /**
     * The checks that come first, before expiry and sizes (the order docs/signer.md gives); the key rule comes last,
     * in {@link #place}.
     */
    public void checkFields(String project, String domain, String filenameRoot, byte[] md5, boolean rootGenerated) {
        if (isBlank(project) || isBlank(domain)) {
            throw RequestRejected.invalid("project and domain are required");
        }
        if (isBlank(filenameRoot) && md5 == null && !rootGenerated) {
            throw RequestRejected.invalid("give filename_root or content_md5, so the upload location is reproducible");
        }
        if (md5 != null && md5.length != 16) {
            throw RequestRejected.invalid("content_md5 must be the raw 16-byte MD5 of the body; got " + md5.length + " bytes");
        }
    }

    /** A random directory, for uploads whose content is not known when they are placed. */
    public String randomRoot() {
        return FileNames.random(defaultFileNameLength);
    }

    /**
     * A fully determined key may already hold an object. Rewriting it is allowed only with the same
     * content, proven by the MD5 stored as metadata or, failing that, by the MD5 storage keeps of the content
     * (Azure's {@code Content-MD5}, GCS's {@code md5Hash}) or by the ETag (S3's is the MD5 of a single-part upload).
     */
    public void guardOverwrite(ObjectLocation location, byte[] md5) {
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

    /**
     * An object this service's uploads may address: in the upload container, under the storage prefix, by the one key
     * rule. For requests that name an upload by its native URL (completing or aborting a multipart upload).
     */
    public ObjectLocation ownUpload(String nativeUrl) {
        NativeUrl parsed;
        try {
            parsed = NativeUrl.parse("native_url", nativeUrl);
        } catch (IllegalArgumentException e) {
            throw RequestRejected.invalid(e.getMessage());
        }
        ObjectLocation uploads = storage.location(container, layout.prefixForMessages());
        Optional<ObjectLocation> location = storage.locate(parsed)
                .filter(found -> found.bucket().equals(container) && layout.contains(found.key()));
        return location.orElseThrow(() -> new RequestRejected(ErrorCode.PERMISSION_DENIED,
                "native_url is not an upload location of this service (uploads go to " + uploads + ")"));
    }

    static boolean isBlank(String s) {
        return s == null || s.isEmpty();
    }

    /** A copy of the buffer's remaining bytes; null for null. */
    public static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
