package io.dataproxy.signer;

import io.dataproxy.wire.ObjectKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where uploads go: {@code <storagePrefix>/<org>/<project>/<domain>/<filename_root or base32(md5)>/<filename>},
 * empty optional segments dropped. The same layout as Flyte's data proxy, so keys written by Flyte
 * clients and by dataproxy agree.
 *
 * <p>Every segment is checked by the one key rule ({@link ObjectKeys}), so that a key can never climb out of the
 * prefix or smuggle in something storage or a later reader would interpret: no empty segments, no {@code .} or
 * {@code ..}, no control, bidirectional-control or unpaired surrogate characters, no backslash, and at most 1024
 * bytes of UTF-8 in all (S3's limit).
 */
public final class ObjectKeyLayout {

    public static final int MAX_KEY_BYTES = ObjectKeys.MAX_KEY_BYTES;
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final String storagePrefix;

    public ObjectKeyLayout(String storagePrefix) {
        this.storagePrefix = storagePrefix;
    }

    /**
     * RFC 4648 base32, standard alphabet, {@code =} padded: 32 characters for a 16-byte MD5. By hand: commons-codec's
     * encoder allocated an 8 KB buffer per call, most of what a request cost the handler.
     */
    public static String base32(byte[] bytes) {
        char[] out = new char[(bytes.length + 4) / 5 * 8];
        int o = 0;
        long buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out[o++] = BASE32[(int) (buffer >>> bits) & 31];
            }
        }
        if (bits > 0) {
            out[o++] = BASE32[(int) (buffer << (5 - bits)) & 31];
        }
        while (o < out.length) {
            out[o++] = '=';
        }
        return new String(out);
    }

    /**
     * @param org          optional, may be null or empty
     * @param directory    filename_root, or base32 of the MD5
     * @param filename     may contain '/' (sub-paths)
     * @throws RequestRejected INVALID_ARGUMENT naming the field that breaks the key rule
     */
    public String uploadKey(String org, String project, String domain, String directory, String filename) {
        List<String> segments = new ArrayList<>(6);
        if (!storagePrefix.isEmpty()) {
            segments.add(storagePrefix);
        }
        if (org != null && !org.isEmpty()) {
            segments.add(singleSegment("org", org));
        }
        segments.add(singleSegment("project", project));
        segments.add(singleSegment("domain", domain));
        segments.add(singleSegment("filename_root", directory));
        for (String part : filename.split("/", -1)) {
            checked(() -> ObjectKeys.checkSegment("filename", part, filename));
        }
        segments.add(filename);
        String key = String.join("/", segments);
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw RequestRejected.invalid("the object key would be " + bytes + " bytes of UTF-8; storage allows at most "
                    + MAX_KEY_BYTES + " (shorten filename, filename_root, project, domain or org)");
        }
        return key;
    }

    /** Whether an upload of this layout may have this key: under the storage prefix (the key rule is checked elsewhere). */
    boolean contains(String key) {
        return storagePrefix.isEmpty() || key.startsWith(storagePrefix + "/");
    }

    /** {@code uploads/...}, for messages. */
    String prefixForMessages() {
        return storagePrefix.isEmpty() ? "..." : storagePrefix + "/...";
    }

    private static String singleSegment(String field, String value) {
        if (value.contains("/")) {
            throw RequestRejected.invalid(field + " must be a single path segment, without '/'");
        }
        checked(() -> ObjectKeys.checkSegment(field, value, value));
        return value;
    }

    /** The one key rule's refusal, as the reply that names the field. */
    private static void checked(Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw RequestRejected.invalid(e.getMessage());
        }
    }
}
