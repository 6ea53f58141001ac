package io.dataproxy.wire;

import java.nio.charset.StandardCharsets;

/**
 * What an object key may look like, wherever one is signed, looked up, deleted or stored in the catalog: one
 * rule, so that no path accepts a key another path would refuse. A key is at most {@value #MAX_KEY_BYTES}
 * bytes of UTF-8 (S3's limit), its {@code /}-separated segments are non-empty and neither {@code .} nor
 * {@code ..} (a file-backed store or a proxy may resolve them, climbing out of a prefix), and it holds no
 * control characters, no backslash, no bidirectional-override characters (a key must display as what it is)
 * and no unpaired surrogates (they have no UTF-8 form).
 *
 * <p>Each refusal is an {@link IllegalArgumentException} whose message names the field and the rule.
 */
public final class ObjectKeys {

    public static final int MAX_KEY_BYTES = 1024;

    private ObjectKeys() {
    }

    /** Checks a whole key; {@code field} names it in the message (e.g. {@code native_urls[2]}). */
    public static void check(String field, String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException(field + " has an empty object key");
        }
        for (String segment : key.split("/", -1)) {
            checkSegment(field, segment, key);
        }
        checkLength(field, key);
    }

    /** At most {@value #MAX_KEY_BYTES} bytes of UTF-8. */
    public static void checkLength(String field, String key) {
        int bytes = utf8Length(key);
        if (bytes > MAX_KEY_BYTES) {
            throw new IllegalArgumentException(field + ": the object key is " + bytes + " bytes of UTF-8; storage allows at most "
                    + MAX_KEY_BYTES);
        }
    }

    /**
     * Checks one path segment of {@code whole}: non-empty, not {@code .} or {@code ..}, and only characters
     * {@link #isAllowed} allows.
     */
    public static void checkSegment(String field, String segment, String whole) {
        if (segment.isEmpty()) {
            throw new IllegalArgumentException(field + " has an empty path segment ('" + LogSafe.text(whole)
                    + "'): no leading, trailing or doubled '/'");
        }
        if (segment.equals(".") || segment.equals("..")) {
            throw new IllegalArgumentException(field + " must not contain '.' or '..' as a path segment");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < segment.length() && Character.isLowSurrogate(segment.charAt(i + 1))) {
                i++; // a well-formed pair: a character outside the BMP, allowed
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(field + " holds an unpaired surrogate (U+" + hex(c) + "), which has no UTF-8 form");
            }
            if (c == '\\') {
                throw new IllegalArgumentException(field + " must not contain a backslash");
            }
            if (isControl(c)) {
                throw new IllegalArgumentException(field + " must not contain control characters (found U+" + hex(c) + ")");
            }
            if (isBidiControl(c)) {
                throw new IllegalArgumentException(field + " must not contain bidirectional-control characters (found U+"
                        + hex(c) + "): a key must display as what it is");
            }
        }
    }

    /** Not a control, bidirectional-control or lone surrogate character, nor a backslash. */
    public static boolean isAllowed(char c) {
        return c != '\\' && !isControl(c) && !isBidiControl(c) && !Character.isSurrogate(c);
    }

    /** C0, DEL, C1, and the line and paragraph separators (which end a line as much as a newline does). */
    static boolean isControl(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }

    /** The embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the implicit marks (LRM, RLM, ALM). */
    static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200E' || c == '\u200F' || c == '\u061C';
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }
}
