package dev.cusp.core.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SeededRandomTest {

    private static INDArray draws(long seed) {
        return Nd4j.rand(SeededRandom.of(seed), 8, 16).castTo(DataType.DOUBLE);
    }

    @Test
    void everySeedZeroIncludedGivesOneStream() {
        for (long seed : new long[] {0, 1, 42, -7}) {
            assertThat(draws(seed)).as("seed %d", seed).isEqualTo(draws(seed));
        }
        assertThat(draws(0)).isNotEqualTo(draws(1));
        assertThat(draws(0)).as("seed 0 shares its stream with ZERO_SEED").isEqualTo(draws(SeededRandom.ZERO_SEED));
    }

    @Test
    void theGlobalGeneratorSeededWithZeroRepeatsItself() {
        SeededRandom.seedGlobal(0);
        INDArray first = Nd4j.rand(DataType.DOUBLE, 4, 4);
        SeededRandom.seedGlobal(0);
        assertThat(Nd4j.rand(DataType.DOUBLE, 4, 4)).isEqualTo(first);
    }
}
