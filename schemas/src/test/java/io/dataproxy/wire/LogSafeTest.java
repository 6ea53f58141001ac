package io.dataproxy.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void lineBreaksAndControlsBecomeEscapesSoNoLineCanBeForged() {
        String forged = "req-1\n2026-12-02 10:00:00 ERROR [main] io.dataproxy.Fake - disk full\r\u001b[31m";
        String safe = LogSafe.text(forged);
        assertThat(safe).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u001b")
                .isEqualTo("req-1\\n2026-12-02 10:00:00 ERROR [main] io.dataproxy.Fake - disk full\\r\\u001B[31m");
    }

    @Test
    void bidiControlsSeparatorsAndLoneSurrogatesAreEscaped() {
        assertThat(LogSafe.text("invoice\u202Efdp.exe")).isEqualTo("invoice\\u202Efdp.exe");
        assertThat(LogSafe.text("a\u2028b\u2029c")).isEqualTo("a\\u2028b\\u2029c");
        assertThat(LogSafe.text("x\uD800y")).isEqualTo("x\\uD800y");
        assertThat(LogSafe.text("emoji \uD83D\uDE00 ok")).isEqualTo("emoji \uD83D\uDE00 ok");
    }

    @Test
    void aBackslashIsDoubledSoEscapesAreUnambiguous() {
        assertThat(LogSafe.text("a\\nb")).isEqualTo("a\\\\nb");
    }

    @Test
    void longValuesAreCutWithoutSplittingAPair() {
        String value = "x".repeat(LogSafe.MAX_CHARS - 1) + "\uD83D\uDE00" + "y".repeat(1000);
        String safe = LogSafe.text(value);
        assertThat(safe).startsWith("x".repeat(LogSafe.MAX_CHARS - 1) + "…(");
        assertThat(safe).contains("1002 more characters");
        assertThat(LogSafe.text((String) null)).isEqualTo("null");
    }
}
