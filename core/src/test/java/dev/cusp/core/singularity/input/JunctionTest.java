package dev.cusp.core.singularity.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.model.Classifier;
import dev.cusp.core.diff.Jacobians;
import dev.cusp.core.testing.TestModels;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Junctions on a linear three-class model of the plane, f_k = w_k·x with w_k at 0°, 120°, 240°: the three
 * pairwise boundaries are rays meeting at the origin, a triple junction.
 */
class JunctionTest {

    private static final double[][] W = {
        {1, 0}, {Math.cos(2 * Math.PI / 3), Math.sin(2 * Math.PI / 3)}, {Math.cos(4 * Math.PI / 3), Math.sin(4 * Math.PI / 3)}};
    private final Classifier model = Classifier.of(TestModels.linear(W, new double[3]));

    @Test
    void segmentThroughTheTriplePointCrossesAtAJunctionOfThreeClasses() {
        INDArray clean = Nd4j.createFromArray(new double[][] {{1, 0.1}});
        INDArray adv = Nd4j.createFromArray(new double[][] {{-1, -0.1}});
        BoundaryCrossing crossing = BoundaryCrossing.find(model, clean, adv).get(0);
        assertThat(crossing.found()).isTrue();
        // x(t) = (1 − 2t)·(1, 0.1) passes the origin at t = ½ exactly; the bracket is 2^−50 wide
        assertThat(crossing.tHigh()).isCloseTo(0.5, within(1e-14));
        assertThat(crossing.fromClass()).isZero();
        assertThat(crossing.toClass()).isEqualTo(2);
        Junction junction = junctionAt(crossing, clean, adv);
        assertThat(junction.ties()).isEqualTo(3);
        assertThat(junction.thirdDistance()).isLessThan(1e-13);
    }

    @Test
    void segmentFarFromTheJunctionCrossesARegularBoundaryOfTwoClasses() {
        // From (1, 1.5) to (−1, 1.5): crosses the 0|1 boundary (the ray at 60°) at x = 1.5/tan 60° = √3/2.
        INDArray clean = Nd4j.createFromArray(new double[][] {{1, 1.5}});
        INDArray adv = Nd4j.createFromArray(new double[][] {{-1, 1.5}});
        BoundaryCrossing crossing = BoundaryCrossing.find(model, clean, adv).get(0);
        double expectedT = (1 - 1.5 / Math.tan(Math.PI / 3)) / 2;
        assertThat(crossing.tHigh()).isCloseTo(expectedT, within(1e-14));
        assertThat(crossing.toClass()).isEqualTo(1);
        Junction junction = junctionAt(crossing, clean, adv);
        assertThat(junction.ties()).isEqualTo(2);
        assertThat(junction.tiedClasses()).containsExactlyInAnyOrder(0, 1);
        // the third class is 1.5 away: the 1|2 hyperplane is y = 0 and the 0|2 hyperplane y = −√3·x both sit
        // at distance 1.5 from the crossing (√3/2, 1.5), whichever of the tied pair counts as top
        assertThat(junction.thirdDistance()).isCloseTo(1.5, within(1e-12));
        assertThat(distanceToLine(Math.sqrt(3) / 2, 1.5, W[1], W[2])).isCloseTo(1.5, within(1e-12));
    }

    @Test
    void failedAttackHasNoCrossing() {
        INDArray clean = Nd4j.createFromArray(new double[][] {{1, 0.1}});
        INDArray adv = Nd4j.createFromArray(new double[][] {{2, 0.3}});
        assertThat(BoundaryCrossing.find(model, clean, adv).get(0).found()).isFalse();
    }

    @Test
    void facetRatioFollowsTheClosedFormOfTheLinearModel() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 0.1}, {0.3, 0.02}, {2, -1}});
        INDArray logits = model.logits(x);
        List<LinearisedBoundaries> facets = LinearisedBoundaries.of(logits, Jacobians.logits(model, x));
        for (int i = 0; i < 3; i++) {
            double[] p = {x.getDouble(i, 0), x.getDouble(i, 1)};
            double r1 = distanceToLine(p[0], p[1], W[0], W[1]);
            double r2 = distanceToLine(p[0], p[1], W[0], W[2]);
            LinearisedBoundaries b = facets.get(i);
            assertThat(b.predictedClass()).isZero();
            assertThat(b.nearest()).isCloseTo(Math.min(r1, r2), within(1e-12));
            assertThat(b.second()).isCloseTo(Math.max(r1, r2), within(1e-12));
            assertThat(b.ratio()).isCloseTo(Math.min(r1, r2) / Math.max(r1, r2), within(1e-12));
            // normals w_0 − w_1 and w_0 − w_2 meet at 60°
            assertThat(b.normalCosine()).isCloseTo(0.5, within(1e-12));
        }
    }

    private Junction junctionAt(BoundaryCrossing crossing, INDArray clean, INDArray adv) {
        INDArray p = crossing.point();
        double radius = Junction.TIE_RELATIVE_RADIUS * adv.sub(clean).norm2Number().doubleValue();
        return Junction.at(model.logits(p), Jacobians.logits(model, p),
                new int[][] {{crossing.fromClass(), crossing.toClass()}}, new double[] {radius}).get(0);
    }

    /** |(w_a − w_b)·p|/‖w_a − w_b‖: distance to the a|b hyperplane of the linear model. */
    private static double distanceToLine(double x, double y, double[] a, double[] b) {
        double nx = a[0] - b[0];
        double ny = a[1] - b[1];
        return Math.abs(nx * x + ny * y) / Math.hypot(nx, ny);
    }
}
