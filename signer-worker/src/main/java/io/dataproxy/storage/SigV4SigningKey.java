package io.dataproxy.storage;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** SigV4's signing key for S3: HMAC-SHA256 chained over the date, the region, {@code s3} and {@code aws4_request}. */
final class SigV4SigningKey {

    private SigV4SigningKey() {
    }

    /** @param date {@code yyyyMMdd} of the signing time, UTC */
    static SecretKeySpec derive(String secretAccessKey, String date, String region) {
        byte[] key = ("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8);
        for (String part : new String[] {date, region, "s3", "aws4_request"}) {
            key = hmac(key, part);
        }
        return new SecretKeySpec(key, "HmacSHA256");
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 refused its key", e); // no key material in the message
        }
    }
}
