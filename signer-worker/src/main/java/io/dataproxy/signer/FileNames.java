package io.dataproxy.signer;

import java.security.SecureRandom;

/** Generated upload file names: lower-case alphanumerics from a secure random source, as Flyte makes them. */
final class FileNames {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private FileNames() {
    }

    static String random(int length) {
        char[] name = new char[length];
        for (int i = 0; i < length; i++) {
            name[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(name);
    }
}
