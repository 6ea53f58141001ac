package io.dataproxy.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataproxy.avro.common.ErrorCode;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeyLayoutTest {

    private final ObjectKeyLayout layout = new ObjectKeyLayout("uploads");

    @Test
    void keyFollowsFlytesLayoutAndDropsAnEmptyOrg() {
        assertThat(layout.uploadKey("acme", "flytesnacks", "development", "root", "data/part-0.parquet"))
                .isEqualTo("uploads/acme/flytesnacks/development/root/data/part-0.parquet");
        assertThat(layout.uploadKey(null, "p", "d", "root", "f")).isEqualTo("uploads/p/d/root/f");
        assertThat(layout.uploadKey("", "p", "d", "root", "f")).isEqualTo("uploads/p/d/root/f");
        assertThat(new ObjectKeyLayout("").uploadKey(null, "p", "d", "root", "f")).isEqualTo("p/d/root/f");
    }

    @Test
    void base32OfAnMd5IsFlytesPaddedStandardAlphabet() throws Exception {
        byte[] md5 = MessageDigest.getInstance("MD5").digest("hello".getBytes(StandardCharsets.UTF_8));
        String encoded = ObjectKeyLayout.base32(md5);
        assertThat(encoded).hasSize(32).isEqualTo("LVAUAKV4JMVHNOLRTWIRAF6FSI======"); // python: base64.b32encode(md5(b"hello"))
    }

    @Test
    void base32MatchesCommonsCodecForEveryLength() {
        java.util.Random random = new java.util.Random(42);
        org.apache.commons.codec.binary.Base32 codec = new org.apache.commons.codec.binary.Base32();
        for (int length = 0; length <= 40; length++) {
            for (int i = 0; i < 50; i++) {
                byte[] bytes = new byte[length];
                random.nextBytes(bytes);
                assertThat(ObjectKeyLayout.base32(bytes)).as("length %d", length).isEqualTo(codec.encodeAsString(bytes));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../escape", "a/../../b", "./x", "a/./b", "..", "."})
    void dotSegmentsAreRefused(String filename) {
        assertRejected(() -> layout.uploadKey(null, "p", "d", "root", filename), "'.' or '..'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/abs", "trailing/", "a//b", ""})
    void emptySegmentsAreRefused(String filename) {
        assertRejected(() -> layout.uploadKey(null, "p", "d", "root", filename), "empty path segment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "line\nbreak", "tab\there", "del\u007f", "c1\u0085", "ls\u2028"})
    void controlCharactersAreRefused(String filename) {
        assertRejected(() -> layout.uploadKey(null, "p", "d", "root", filename), "control characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"report\u202Efdp.exe", "a\u2066b", "rlm\u200F", "alm\u061C"})
    void bidirectionalControlsAreRefused(String filename) {
        assertRejected(() -> layout.uploadKey(null, "p", "d", "root", filename), "bidirectional-control");
        assertRejected(() -> layout.uploadKey(filename, "p", "d", "root", "f"), "org must not contain bidirectional-control");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lone\uD800", "\uDC00x", "a\uD83D"})
    void unpairedSurrogatesAreRefused(String filename) {
        assertRejected(() -> layout.uploadKey(null, "p", "d", "root", filename), "unpaired surrogate");
    }

    @Test
    void backslashesAreRefusedAnywhere() {
        assertRejected(() -> layout.uploadKey(null, "p", "d", "root", "a\\..\\b"), "backslash");
        assertRejected(() -> layout.uploadKey(null, "p\\q", "d", "root", "f"), "backslash");
    }

    @Test
    void singleSegmentFieldsMayNotHoldSlashesOrDots() {
        assertRejected(() -> layout.uploadKey(null, "p/q", "d", "root", "f"), "project must be a single path segment");
        assertRejected(() -> layout.uploadKey("..", "p", "d", "root", "f"), "'.' or '..'");
        assertRejected(() -> layout.uploadKey(null, "p", "d", "../..", "f"), "filename_root must be a single path segment");
    }

    @Test
    void unicodeIsAllowedAndCountedInUtf8Bytes() {
        assertThat(layout.uploadKey(null, "projét", "d", "根", "données/файл.csv"))
                .isEqualTo("uploads/projét/d/根/données/файл.csv");
        String prefixLength = "uploads/p/d/r/"; // 14 bytes
        String fits = "é".repeat((ObjectKeyLayout.MAX_KEY_BYTES - prefixLength.length()) / 2); // 2 bytes each
        assertThat(layout.uploadKey(null, "p", "d", "r", fits).getBytes(StandardCharsets.UTF_8)).hasSize(1024);
        assertRejected(() -> layout.uploadKey(null, "p", "d", "r", fits + "x"), "1025 bytes");
    }

    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RequestRejected.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT)).hasMessageContaining(message);
    }
}
