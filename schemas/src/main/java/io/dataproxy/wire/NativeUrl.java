package io.dataproxy.wire;

import java.util.regex.Pattern;

/**
 * A native URL of an object, {@code scheme://bucket/key}, as Flyte writes them ({@code s3://}, {@code gs://},
 * {@code abfs://container@account...}): the form the catalog's data references and the signer's download
 * requests take. The key follows {@link ObjectKeys}; the bucket (container, authority) is non-empty and free of
 * the characters {@link ObjectKeys#isAllowed} refuses.
 */
public record NativeUrl(String scheme, String bucket, String key) {

    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]{0,31}");

    /**
     * @param field names the value in a refusal's message, e.g. {@code native_urls[0]}
     * @throws IllegalArgumentException saying what is wrong, naming {@code field}
     */
    public static NativeUrl parse(String field, String url) {
        if (url == null || url.isEmpty()) {
            throw new IllegalArgumentException(field + " is empty; expected scheme://bucket/key, e.g. s3://bucket/key");
        }
        int colon = url.indexOf("://");
        if (colon <= 0 || !SCHEME.matcher(url.substring(0, colon)).matches()) {
            throw new IllegalArgumentException(field + " is not a scheme://bucket/key URL (e.g. s3://bucket/key)");
        }
        String rest = url.substring(colon + 3);
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw new IllegalArgumentException(field + " needs both a bucket and a key (scheme://bucket/key)");
        }
        String bucket = rest.substring(0, slash);
        for (int i = 0; i < bucket.length(); i++) {
            char c = bucket.charAt(i);
            if (!ObjectKeys.isAllowed(c) || Character.isWhitespace(c) || c == '?' || c == '#') {
                throw new IllegalArgumentException(field + " has a bucket name with a character storage does not allow (U+"
                        + String.format("%04X", (int) c) + ")");
            }
        }
        String key = rest.substring(slash + 1);
        ObjectKeys.check(field, key);
        return new NativeUrl(url.substring(0, colon), bucket, key);
    }

    @Override
    public String toString() {
        return scheme + "://" + bucket + "/" + key;
    }
}
