package io.dataproxy.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Keys from a hostile alphabet: every key {@link ObjectKeys#check} accepts is one no store could read as
 * something else, and under a prefix stays under it.
 */
class ObjectKeysPropertyTest {

    @Property(tries = 3000)
    void anAcceptedKeyHasOnlyPlainSegmentsAndFitsTheLimit(@ForAll("hostileKeys") String key) {
        boolean accepted;
        try {
            ObjectKeys.check("key", key);
            accepted = true;
        } catch (IllegalArgumentException e) {
            accepted = false;
            assertThat(e.getMessage()).startsWith("key").doesNotContain("\n").doesNotContain("\u202E");
        }
        if (accepted) {
            assertThat(key.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ObjectKeys.MAX_KEY_BYTES);
            for (String segment : key.split("/", -1)) {
                assertThat(segment).isNotEmpty().isNotEqualTo(".").isNotEqualTo("..");
            }
            assertThat(key.chars()).noneMatch(c -> c < 0x20 || c == 0x7F || c == '\\' || (c >= 0x202A && c <= 0x202E)
                    || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029);
            // a well-formed UTF-16 string: it round-trips through UTF-8
            assertThat(new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(key);
            // and under a prefix, no segment can climb out of it
            assertThat(java.nio.file.Path.of("/uploads/p").resolve(key).normalize().startsWith("/uploads/p")).isTrue();
        }
    }

    @Provide
    Arbitrary<String> hostileKeys() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of("/", "//", ".", "..", "../", "./", "a", "b.txt", "%2e%2e", "\\", "\u0000", "\n", "\r", "\t",
                        "\u007F", "\u0085", "\u202E", "\u2066", "\u200F", "\u2028", "\uD800", "\uDC00", "\uD83D\uDE00", "é", "根",
                        " ", "~", "?", "#"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                Arbitraries.strings().withCharRange('\u0000', '\uFFFF').ofMinLength(1).ofMaxLength(4));
        return Arbitraries.oneOf(
                pieces.list().ofMinSize(1).ofMaxSize(12).map(parts -> String.join("", parts)),
                Arbitraries.integers().between(1015, 1030).map("k"::repeat));
    }
}
