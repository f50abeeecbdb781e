package dev.cusp.core.singularity.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The lockstep walk of many segments against the one-segment walk it batches. */
class BatchedRegionWalkTest {

    @Test
    void walkingSegmentsTogetherGivesEachSegmentsOwnWalk() {
        // 60 random segments of very different lengths through a deep random ReLU network, and one of length zero.
        // Breakpoints are roots of the same affine functions computed from rows of a batched product instead of
        // a one-row product: they may differ in round-off only (the walk accumulates t over its events, so 1e-10).
        ReluNetwork net = RegionWalkTest.randomNet(new int[] {5, 16, 12, 8, 3}, 41);
        Nd4j.getRandom().setSeed(41);
        INDArray a = Nd4j.randn(DataType.DOUBLE, 61, 5);
        INDArray b = a.add(Nd4j.randn(DataType.DOUBLE, 61, 5).mulColumnVector(
                Nd4j.rand(DataType.DOUBLE, 61, 1).muli(4)));
        b.putRow(60, a.getRow(60));
        List<RegionWalk> together = RegionWalk.walkAll(net, a, b, RegionWalk.Parameters.defaults());
        int total = 0;
        for (int i = 0; i < 61; i++) {
            RegionWalk alone = RegionWalk.walk(net, a.getRow(i, true), b.getRow(i, true));
            assertThat(together.get(i).regions()).as("segment %d", i).isEqualTo(alone.regions());
            assertThat(together.get(i).breakpoints()).containsExactly(alone.breakpoints(), within(1e-10));
            assertThat(together.get(i).truncated()).isEqualTo(alone.truncated());
            total += alone.regions();
        }
        assertThat(together.get(60).regions()).isEqualTo(1);
        assertThat(total).isGreaterThan(5 * 61); // the segments do cross many regions
    }

    @Test
    void tentMapsOnSeveralIntervalsAtOnceKeepTheirExactCounts() {
        // t^L on [0, k/2^L] has k pieces for k = 1..2^L (dyadic kinks): one batch with segments ending at each k/8.
        ReluNetwork net = RegionWalkTest.tent(3);
        INDArray a = Nd4j.zeros(DataType.DOUBLE, 8, 1);
        INDArray b = Nd4j.arange(1, 9).castTo(DataType.DOUBLE).divi(8).reshape(8, 1);
        List<RegionWalk> walks = RegionWalk.walkAll(net, a, b, RegionWalk.Parameters.defaults());
        for (int k = 1; k <= 8; k++) {
            assertThat(walks.get(k - 1).regions()).as("[0, %d/8]", k).isEqualTo(k);
        }
    }

    @Test
    void theRegionCapTruncatesEachWalkAsTheSingleWalkDoes() {
        ReluNetwork net = RegionWalkTest.tent(5);
        RegionWalk.Parameters capped = new RegionWalk.Parameters(RegionWalk.Parameters.ZERO_TOLERANCE,
                RegionWalk.Parameters.END_TOLERANCE, 7);
        INDArray a = Nd4j.zeros(DataType.DOUBLE, 2, 1);
        INDArray b = Nd4j.createFromArray(new double[][] {{1.0}, {0.125}});
        List<RegionWalk> walks = RegionWalk.walkAll(net, a, b, capped);
        assertThat(walks.get(0).regions()).isEqualTo(7);
        assertThat(walks.get(0).truncated()).isTrue();
        assertThat(walks.get(1).regions()).isEqualTo(4); // 32 pieces on [0,1]: 4 on [0, 1/8], under the cap
        assertThat(walks.get(1).truncated()).isFalse();
        assertThat(walks.get(0)).usingRecursiveComparison()
                .isEqualTo(RegionWalk.walk(net, a.getRow(0, true), b.getRow(0, true), capped));
    }
}
