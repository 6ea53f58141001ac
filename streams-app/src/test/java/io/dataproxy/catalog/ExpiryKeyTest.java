package io.dataproxy.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpiryKeyTest {

    @Test
    void roundTripsAndStartsWithBigEndianMillisThenTheKind() {
        ExpiryKey key = ExpiryKey.artifact(0x0102030405060708L, "ds\u0000ärtifact");
        byte[] bytes = key.toBytes();
        assertThat(Arrays.copyOf(bytes, 9)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 'A');
        assertThat(ExpiryKey.fromBytes(bytes)).isEqualTo(key);
        assertThat(ExpiryKey.fromBytes(ExpiryKey.reservation(5, "k").toBytes()).kind()).isEqualTo(ExpiryKey.Kind.RESERVATION);
    }

    @Test
    void unsignedByteOrderIsExpiryOrder() {
        // 255 vs 256 differ in the low byte: a signed or little-endian layout would misorder them
        List<ExpiryKey> keys = new ArrayList<>(List.of(ExpiryKey.artifact(256, "a"), ExpiryKey.artifact(255, "z"),
                ExpiryKey.artifact(1_900_000_000_000L, "a"), ExpiryKey.reservation(128, "m")));
        keys.sort((x, y) -> Arrays.compareUnsigned(x.toBytes(), y.toBytes()));
        assertThat(keys).extracting(ExpiryKey::expiresAt).containsExactly(128L, 255L, 256L, 1_900_000_000_000L);
    }

    @Test
    void dueIsInclusive() {
        assertThat(ExpiryKey.artifact(10, "a").isDue(10)).isTrue();
        assertThat(ExpiryKey.artifact(10, "a").isDue(9)).isFalse();
    }

    @Test
    void refusesGarbage() {
        assertThatThrownBy(() -> ExpiryKey.fromBytes(new byte[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExpiryKey.fromBytes(new byte[9])).hasMessageContaining("kind");
    }
}
