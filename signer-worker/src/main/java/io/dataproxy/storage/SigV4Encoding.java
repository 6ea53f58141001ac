package io.dataproxy.storage;

/** The two encodings of a SigV4 canonical request: URI components and header values. */
final class SigV4Encoding {

    private SigV4Encoding() {
    }

    /**
     * RFC 3986 percent-encoding as S3 wants it: everything but {@code A-Z a-z 0-9 - _ . ~} (and {@code /} when
     * {@code keepSlash}) becomes {@code %XY} of its UTF-8 bytes. Surrogates must be paired (see {@link FastPathRule}).
     */
    static void uriEncode(String s, boolean keepSlash, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/')) {
                out.append(c);
            } else if (c < 0x80) {
                percent(c, out);
            } else if (c < 0x800) {
                percent(0xC0 | (c >> 6), out);
                percent(0x80 | (c & 0x3F), out);
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                percent(0xF0 | (cp >> 18), out);
                percent(0x80 | ((cp >> 12) & 0x3F), out);
                percent(0x80 | ((cp >> 6) & 0x3F), out);
                percent(0x80 | (cp & 0x3F), out);
            } else {
                percent(0xE0 | (c >> 12), out);
                percent(0x80 | ((c >> 6) & 0x3F), out);
                percent(0x80 | (c & 0x3F), out);
            }
        }
    }

    private static void percent(int b, StringBuilder out) {
        out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
    }

    /** A canonical header value: trimmed, runs of spaces collapsed to one. */
    static void appendCanonicalValue(String value, StringBuilder out) {
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) == ' ') {
            start++;
        }
        while (end > start && value.charAt(end - 1) == ' ') {
            end--;
        }
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            if (c != ' ' || value.charAt(i - 1) != ' ') {
                out.append(c);
            }
        }
    }
}
