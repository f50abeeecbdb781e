package dev.cusp.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExampleSamplerTest {

    @Test
    void sampleIsDistinctSortedInRangeAndSeeded() {
        int[] sample = ExampleSampler.sample(10_000, 1000, 42);
        assertThat(sample).hasSize(1000).isSorted().doesNotHaveDuplicates();
        assertThat(Arrays.stream(sample).min().orElseThrow()).isGreaterThanOrEqualTo(0);
        assertThat(Arrays.stream(sample).max().orElseThrow()).isLessThan(10_000);
        assertThat(ExampleSampler.sample(10_000, 1000, 42)).containsExactly(sample);
        assertThat(ExampleSampler.sample(10_000, 1000, 43)).isNotEqualTo(sample);
    }

    @Test
    void wholePopulationIsEveryIndex() {
        assertThat(ExampleSampler.sample(5, 5, 1)).containsExactly(0, 1, 2, 3, 4);
        assertThat(ExampleSampler.sample(5, 0, 1)).isEmpty();
    }

    @Test
    void everyIndexIsEquallyLikely() {
        // 20,000 samples of 3 from 10: each index is picked with p = 0.3, expected 6,000 times,
        // binomial sd = sqrt(20000·0.3·0.7) ≈ 65; allow ±5 sd = 325.
        int[] counts = new int[10];
        for (long seed = 0; seed < 20_000; seed++) {
            for (int i : ExampleSampler.sample(10, 3, seed)) {
                counts[i]++;
            }
        }
        for (int count : counts) {
            assertThat(count).isBetween(6000 - 325, 6000 + 325);
        }
    }

    @Test
    void rejectsMoreThanThePopulation() {
        assertThatThrownBy(() -> ExampleSampler.sample(3, 4, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 distinct examples from 3");
    }
}
