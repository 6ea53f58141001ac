package io.dataproxy.wire;

import java.nio.charset.StandardCharsets;

/**
 * A value that came from a request, made safe for one log line: control, line-separator and
 * bidirectional-control characters and lone surrogates are written as escapes ({@code \n}, {@code \u202E}),
 * a backslash as {@code \\}, and long values are cut. A requester can then neither end a log line and forge
 * the next one, nor make a line display as something it is not, nor flood the log through one field.
 */
public final class LogSafe {

    /** Longer values are cut to this many characters, with a note of how many were left out. */
    public static final int MAX_CHARS = 256;

    private LogSafe() {
    }

    public static String text(CharSequence value) {
        if (value == null) {
            return "null";
        }
        int shown = Math.min(value.length(), MAX_CHARS);
        if (shown < value.length() && Character.isHighSurrogate(value.charAt(shown - 1))) {
            shown--; // never cut a pair in two
        }
        StringBuilder out = new StringBuilder(shown + 16);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    boolean pairedSurrogate = Character.isHighSurrogate(c) && i + 1 < shown
                            && Character.isLowSurrogate(value.charAt(i + 1))
                            || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
                    if (ObjectKeys.isControl(c) || ObjectKeys.isBidiControl(c) || Character.isSurrogate(c) && !pairedSurrogate) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (value.length() > shown) {
            out.append("…(").append(value.length() - shown).append(" more characters)");
        }
        return out.toString();
    }

    /** UTF-8 bytes (a header, a key) as {@link #text(CharSequence)}. */
    public static String text(byte[] utf8) {
        return utf8 == null ? "null" : text(new String(utf8, StandardCharsets.UTF_8));
    }
}
