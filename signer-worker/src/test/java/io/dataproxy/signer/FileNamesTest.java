package io.dataproxy.signer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FileNamesTest {

    @Test
    void namesHaveTheLengthAskedForAndOnlyLowerCaseLettersAndDigits() {
        for (int length : new int[] {0, 1, 20, 64, 1000}) {
            assertThat(FileNames.random(length)).hasSize(length).matches("[a-z0-9]*");
        }
    }

    @Test
    void namesDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(FileNames.random(20))).isTrue();
        }
    }

    /**
     * Every character about equally often: 360,000 characters, 10,000 expected each. A byte taken modulo 36 without
     * dropping 252 to 255 would give the first four characters 11,250 each (4/256 more): outside the bounds below,
     * which a fair draw leaves about once in 10^9 runs (a bound is 7 standard deviations of a binomial).
     */
    @Test
    void everyCharacterIsEquallyLikely() {
        Map<Character, Integer> counts = new HashMap<>();
        for (int i = 0; i < 18_000; i++) {
            for (char c : FileNames.random(20).toCharArray()) {
                counts.merge(c, 1, Integer::sum);
            }
        }
        assertThat(counts).hasSize(36);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(10_000 - 690, 10_000 + 690));
    }
}
