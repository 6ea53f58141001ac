package io.dataproxy.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NativeUrlTest {

    @Test
    void parsesTheSchemesFlyteWrites() {
        assertThat(NativeUrl.parse("uri", "s3://my-bucket/a/b.txt")).isEqualTo(new NativeUrl("s3", "my-bucket", "a/b.txt"));
        assertThat(NativeUrl.parse("uri", "gs://b/k")).isEqualTo(new NativeUrl("gs", "b", "k"));
        assertThat(NativeUrl.parse("uri", "abfs://container@account.dfs.core.windows.net/dir/file"))
                .isEqualTo(new NativeUrl("abfs", "container@account.dfs.core.windows.net", "dir/file"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bucket/key", "s3:/b/k", "S3://b/k", "s3://b", "s3://b/", "s3:///k", "1s3://b/k",
            "s3://b/abc//obj.txt", "s3://b/x/../../private/secret.txt", "s3://b/./k", "s3://b/k/..", "s3://b/k\u0000",
            "s3://b/k\n", "s3://b/\u202Egnp.exe", "s3://b\u0000/k", "s3://b c/k", "s3://b/a\\b"})
    void refusesWhatStorageCouldMisreadNamingTheField(String url) {
        assertThatThrownBy(() -> NativeUrl.parse("data value 'model' uri", url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("data value 'model' uri");
    }

    @Test
    void keysOverTheByteLimitAreRefused() {
        String fits = "k".repeat(ObjectKeys.MAX_KEY_BYTES);
        assertThat(NativeUrl.parse("uri", "s3://b/" + fits).key()).hasSize(1024);
        assertThatThrownBy(() -> NativeUrl.parse("uri", "s3://b/" + fits + "k")).hasMessageContaining("1025 bytes");
    }
}
