package io.dataproxy.signer;

import java.security.SecureRandom;

/** Generated upload file names: lower-case alphanumerics from a secure random source, as Flyte makes them. */
final class FileNames {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    /** Bytes from here up are dropped: 252 is the largest multiple of 36 in a byte, so every character is equally likely. */
    private static final int UNBIASED = 256 - 256 % ALPHABET.length;
    private static final SecureRandom RANDOM = new SecureRandom();

    private FileNames() {
    }

    /**
     * One draw from the shared source per name, not one per character: each draw takes the source's lock (and the
     * default source reads the kernel's), which the signer's worker threads all wait for under load.
     */
    static String random(int length) {
        char[] name = new char[length];
        byte[] bytes = new byte[length + 8]; // room for the few bytes dropped (1 in 64)
        int filled = 0;
        while (filled < length) {
            RANDOM.nextBytes(bytes);
            for (int i = 0; i < bytes.length && filled < length; i++) {
                int b = bytes[i] & 0xff;
                if (b < UNBIASED) {
                    name[filled++] = ALPHABET[b % ALPHABET.length];
                }
            }
        }
        return new String(name);
    }
}
