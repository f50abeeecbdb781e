package dev.cusp.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The Java activation loop against DL4J's own {@code getActivation} and {@code backprop}, through the kinks. */
class DenseActivationTest {
    /** A grid through 0 (the kink), tiny and large values of both signs, in a [3, 8] matrix. */
    private static final double[] GRID = {-40, -3.5, -1, -0.25, -1e-9, -0.0, 0, 1e-9, 0.25, 1, 3.5, 40,
        -2, 2, 0.5, -0.5, 7, -7, 1e-3, -1e-3, 10, -10, 0.1, -0.1};
    private static final double[] BIAS = {0.5, -0.5, 0, 0.25, -1, 1, 0, 2};

    @Test
    void valuesAndDerivativesEqualDl4jsInEveryPrecisionOnSmallAndLargeLayers() {
        IActivation[] functions = {Activation.RELU.getActivationFunction(), new ActivationLReLU(0.3),
            Activation.IDENTITY.getActivationFunction(), Activation.TANH.getActivationFunction(),
            Activation.SIGMOID.getActivationFunction()};
        for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            // DOUBLE: Java's and libnd4j's tanh/exp differ by an ulp or two; FLOAT: values are rounded once either way
            double tolerance = type == DataType.DOUBLE ? 1e-15 : 1.2e-7;
            // the grid as [3, 8] (the Java loop) and tiled to [3·700, 8] (the ND4J ops, above SMALL_ARRAY entries)
            INDArray small = Nd4j.createFromArray(GRID).reshape(3, 8).castTo(type);
            INDArray large = Nd4j.tile(small, 700, 1);
            assertThat(large.length()).isGreaterThan(Finite.SMALL_ARRAY);
            INDArray bias = Nd4j.createFromArray(BIAS).reshape(1, 8).castTo(type);
            for (INDArray z : new INDArray[] {small, large}) {
                for (IActivation function : functions) {
                    String name = type + " " + function + " " + z.rows() + " rows";
                    DenseActivation activation = DenseActivation.of(function).orElseThrow();
                    INDArray shifted = z.addRowVector(bias);
                    INDArray expectedValue = function.getActivation(shifted.dup(), false);
                    INDArray expectedSlope = function.backprop(shifted.dup(), shifted.ulike().assign(1)).getFirst();
                    INDArray values = z.dup('c');
                    INDArray slopes = activation.activateInPlace(values, bias, true);
                    assertThat(values.sub(expectedValue).amaxNumber().doubleValue()).as("%s σ", name)
                            .isLessThanOrEqualTo(tolerance);
                    assertThat(slopes.sub(expectedSlope).amaxNumber().doubleValue()).as("%s σ'", name)
                            .isLessThanOrEqualTo(tolerance);
                    INDArray valuesOnly = z.dup('c');
                    assertThat(activation.activateInPlace(valuesOnly, bias, false)).isNull();
                    assertThat(valuesOnly).as(name).isEqualTo(values);
                }
            }
        }
    }

    @Test
    void leakyReluSlopeBelowZeroIsDl4jsFloatRoundedAlphaAsInItsBackwardPass() {
        ActivationLReLU function = new ActivationLReLU(0.3);
        INDArray negative = Nd4j.createFromArray(new double[][] {{-2.0}});
        double dl4j = function.backprop(negative.dup(), negative.ulike().assign(1)).getFirst().getDouble(0);
        assertThat(dl4j).isEqualTo((double) 0.3f).isNotEqualTo(0.3);
        assertThat(DenseActivation.of(function).orElseThrow().activateInPlace(negative, null, true).getDouble(0))
                .isEqualTo(dl4j);
        assertThat(negative.getDouble(0)).isEqualTo(-0.6); // the forward pass keeps α in double
    }

    @Test
    void reluWithACapThresholdOrSlopeIsLeftToDl4j() {
        assertThat(DenseActivation.of(new ActivationReLU())).isPresent();
        assertThat(DenseActivation.of(new ActivationReLU(6.0, null, null))).isEmpty();
        assertThat(DenseActivation.of(new ActivationReLU(null, 0.5, null))).isEmpty();
        assertThat(DenseActivation.of(new ActivationReLU(null, null, 0.1))).isEmpty();
        assertThat(DenseActivation.of(Activation.SOFTPLUS.getActivationFunction())).isEmpty();
    }
}
