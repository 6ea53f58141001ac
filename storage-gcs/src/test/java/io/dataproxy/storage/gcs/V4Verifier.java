package io.dataproxy.storage.gcs;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a V4 signed URL the way Cloud Storage does, from its documentation ("V4 signing process"), without the
 * code that signed it: the canonical request is rebuilt from the URL and the headers a client will send, and the
 * signature is verified with the service account's public key.
 */
final class V4Verifier {

    private V4Verifier() {
    }

    /** @param headers what the client sends besides {@code host} (any case) */
    static boolean verifies(String method, URI url, Map<String, String> headers, PublicKey key) throws Exception {
        Map<String, String> query = new TreeMap<>();
        String signature = null;
        for (String pair : url.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq);
            if (name.equals("X-Goog-Signature")) {
                signature = pair.substring(eq + 1);
            } else {
                query.put(name, pair.substring(eq + 1));
            }
        }
        String signedNames = URLDecoder.decode(query.get("X-Goog-SignedHeaders"), StandardCharsets.UTF_8);
        Map<String, String> sent = new TreeMap<>();
        sent.put("host", url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort());
        headers.forEach((name, value) -> sent.put(name.toLowerCase(Locale.ROOT), value.trim()));
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signedNames.split(";")) {
            if (!sent.containsKey(name)) {
                return false; // a signed header the client would not send
            }
            canonicalHeaders.append(name).append(':').append(sent.get(name)).append('\n');
        }
        StringBuilder canonicalQuery = new StringBuilder();
        query.forEach((name, value) -> canonicalQuery.append(canonicalQuery.length() == 0 ? "" : "&").append(name).append('=').append(value));
        String canonicalRequest = method + "\n" + url.getRawPath() + "\n" + canonicalQuery + "\n" + canonicalHeaders + "\n"
                + signedNames + "\nUNSIGNED-PAYLOAD";

        String credential = URLDecoder.decode(query.get("X-Goog-Credential"), StandardCharsets.UTF_8);
        String scope = credential.substring(credential.indexOf('/') + 1);
        String stringToSign = "GOOG4-RSA-SHA256\n" + query.get("X-Goog-Date") + "\n" + scope + "\n"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(key);
        rsa.update(stringToSign.getBytes(StandardCharsets.UTF_8));
        return rsa.verify(HexFormat.of().parseHex(signature));
    }
}
