package dev.cusp.core.attack;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * f(x) = Wx + b written directly in ND4J (DOUBLE), independent of DL4J: the closed-form reference model of the
 * attack tests. Its vector–Jacobian product is seed·W.
 */
public final class LinearModel implements AttackModel {

    private final INDArray w;
    private final INDArray b;

    public LinearModel(double[][] w, double[] b) {
        this.w = Nd4j.createFromArray(w).castTo(DataType.DOUBLE);
        this.b = Nd4j.createFromArray(b).castTo(DataType.DOUBLE).reshape(1, b.length);
        if (this.w.rows() != b.length) {
            throw new IllegalArgumentException("W has " + this.w.rows() + " rows, b has " + b.length);
        }
    }

    /** A seeded random model with Gaussian weights (std 1) and biases (std 0.1). */
    public static LinearModel random(int classes, int features, long seed) {
        java.util.Random rng = new java.util.Random(seed);
        double[][] w = new double[classes][features];
        double[] b = new double[classes];
        for (int k = 0; k < classes; k++) {
            for (int j = 0; j < features; j++) {
                w[k][j] = rng.nextGaussian();
            }
            b[k] = 0.1 * rng.nextGaussian();
        }
        return new LinearModel(w, b);
    }

    /**
     * A seeded random model (Gaussian W, std 1) whose every logit is zero at {@code centre}·1, so all decision
     * boundaries pass through the centre of the cube and nearby inputs are close to them.
     */
    public static LinearModel centred(int classes, int features, double centre, long seed) {
        java.util.Random rng = new java.util.Random(seed);
        double[][] w = new double[classes][features];
        double[] b = new double[classes];
        for (int k = 0; k < classes; k++) {
            for (int j = 0; j < features; j++) {
                w[k][j] = rng.nextGaussian();
                b[k] -= w[k][j] * centre;
            }
        }
        return new LinearModel(w, b);
    }

    /** The same model with W and b multiplied by {@code factor} (same boundaries, steeper logits). */
    public LinearModel scaled(double factor) {
        return new LinearModel(w.mul(factor).toDoubleMatrix(), b.mul(factor).toDoubleVector());
    }

    /** The same model with W multiplied by {@code factor}, so that boundary distances shrink by it. */
    public LinearModel steeper(double factor) {
        return new LinearModel(w.mul(factor).toDoubleMatrix(), b.toDoubleVector());
    }

    public INDArray weights() {
        return w;
    }

    public INDArray bias() {
        return b;
    }

    @Override
    public int inputSize() {
        return (int) w.columns();
    }

    @Override
    public int classes() {
        return (int) w.rows();
    }

    @Override
    public INDArray logits(INDArray x) {
        return x.castTo(DataType.DOUBLE).mmul(w.transpose()).addRowVector(b).castTo(x.dataType());
    }

    @Override
    public INDArray vectorJacobian(INDArray x, INDArray seed) {
        return seed.castTo(DataType.DOUBLE).mmul(w).castTo(x.dataType());
    }
}
