package io.dataproxy.storage.gcs;

import com.google.auth.oauth2.ServiceAccountCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** A service-account key made here (no Google account involved), as the JSON document a key file holds. */
final class ServiceAccountKeys {

    static final String EMAIL = "dataproxy-signer@test-project.iam.gserviceaccount.com";
    static final KeyPair KEYS = generate();
    static final String GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";
    static final String JSON = json(GOOGLE_TOKEN_URI);

    private ServiceAccountKeys() {
    }

    static ServiceAccountCredentials credentials() {
        try {
            return ServiceAccountCredentials.fromStream(new ByteArrayInputStream(JSON.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param tokenUri where the credentials trade a signed JWT for an access token (a stub's, in a test) */
    static String json(String tokenUri) {
        // PEM lines of 64, joined by JSON's escaped newline
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(KEYS.getPrivate().getEncoded());
        String pem = ("-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n").replace("\n", "\\n");
        return "{\"type\":\"service_account\",\"project_id\":\"test-project\",\"private_key_id\":\"0123456789abcdef\","
                + "\"private_key\":\"" + pem + "\",\"client_email\":\"" + EMAIL + "\",\"client_id\":\"1234567890\","
                + "\"token_uri\":\"" + tokenUri + "\"}";
    }
}
