package dev.cusp.core.singularity.plane;

import dev.cusp.core.linalg.SeededRandom;
import dev.cusp.core.model.Classifier;
import java.util.Set;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A 2-D slice of a classifier as a map of the plane: (s, t) ↦ A·f(x₀ + s·u + t·v), with A a 2×c matrix of
 * output combinations (two margins f_ĉ − f_k, or two logits). Its Jacobian is A·J·[u v], from two batched
 * vector–Jacobian products per call (seeds A₀ and A₁), in DOUBLE.
 */
public final class ClassifierSlice implements PlaneMap {

    /** Hidden activations that are C³ (Whitney's criteria apply); anything else is treated as non-smooth. */
    static final Set<String> SMOOTH_ACTIVATIONS = Set.of(
            "ActivationTanH", "ActivationSigmoid", "ActivationSoftPlus", "ActivationIdentity", "ActivationSwish",
            "ActivationGELU", "ActivationMish");
    /** Rows per backward pass: bounds memory for large inputs. */
    static final int CHUNK = 2048;

    private final Classifier model;
    private final INDArray origin;
    private final INDArray u;
    private final INDArray v;
    private final INDArray combination;
    private final boolean smooth;

    /**
     * @param origin      x₀, [1,d]
     * @param u           first direction, [1,d]
     * @param v           second direction, [1,d]
     * @param combination A, [2,c]
     */
    public ClassifierSlice(Classifier model, INDArray origin, INDArray u, INDArray v, INDArray combination) {
        this.model = model.inDouble();
        int d = this.model.inputSize();
        this.origin = row(origin, d, "origin");
        this.u = row(u, d, "u");
        this.v = row(v, d, "v");
        if (combination.rank() != 2 || combination.rows() != 2 || combination.columns() != this.model.classes()) {
            throw new IllegalArgumentException("output combination must be [2," + this.model.classes() + "], got "
                    + java.util.Arrays.toString(combination.shape()));
        }
        this.combination = combination.castTo(DataType.DOUBLE);
        this.smooth = isSmooth(this.model.network());
    }

    /**
     * The slice through x spanned by the attack direction u = (x_adv − x)/‖x_adv − x‖ and a seeded random
     * direction v ⟂ u, mapped to the margins f_ĉ − f_{k1}, f_ĉ − f_{k2} against the two runner-up classes at x
     * (for two classes: to the logits f₀, f₁). The adversarial point sits at (‖x_adv − x‖, 0).
     */
    public static ClassifierSlice throughExample(Classifier model, INDArray x, INDArray adversarial, long seed) {
        Classifier m = model.inDouble();
        INDArray x0 = x.castTo(DataType.DOUBLE).reshape(1, x.length());
        INDArray dir = adversarial.castTo(DataType.DOUBLE).reshape(1, x.length()).sub(x0);
        double norm = dir.norm2Number().doubleValue();
        if (!(norm > 0)) {
            throw new IllegalArgumentException("the adversarial point equals the example: no attack direction");
        }
        INDArray u = dir.div(norm);
        SeededRandom.seedGlobal(seed);
        INDArray r = Nd4j.randn(DataType.DOUBLE, 1, x.length());
        INDArray v = r.sub(u.mul(r.mul(u).sumNumber().doubleValue()));
        v.divi(v.norm2Number());
        return new ClassifierSlice(m, x0, u, v, defaultCombination(m, x0));
    }

    /** The whole input plane of a 2-input model, mapped to its first two logits (or two margins). */
    public static ClassifierSlice inputPlane(Classifier model) {
        Classifier m = model.inDouble();
        if (m.inputSize() != 2) {
            throw new IllegalArgumentException("the input plane needs a model with 2 inputs, got " + m.inputSize());
        }
        INDArray e1 = Nd4j.createFromArray(new double[][] {{1, 0}});
        INDArray e2 = Nd4j.createFromArray(new double[][] {{0, 1}});
        INDArray a = Nd4j.zeros(DataType.DOUBLE, 2, m.classes());
        a.putScalar(0, 0, 1.0);
        a.putScalar(1, 1, 1.0);
        return new ClassifierSlice(m, Nd4j.zeros(DataType.DOUBLE, 1, 2), e1, e2, a);
    }

    private static INDArray defaultCombination(Classifier m, INDArray x0) {
        int c = m.classes();
        INDArray a = Nd4j.zeros(DataType.DOUBLE, 2, c);
        if (c == 2) {
            a.putScalar(0, 0, 1.0);
            a.putScalar(1, 1, 1.0);
            return a;
        }
        double[] f = m.logits(x0).toDoubleVector();
        Integer[] order = new Integer[c];
        for (int k = 0; k < c; k++) {
            order[k] = k;
        }
        java.util.Arrays.sort(order, (p, q) -> Double.compare(f[q], f[p]));
        a.putScalar(0, order[0], 1.0);
        a.putScalar(0, order[1], -1.0);
        a.putScalar(1, order[0], 1.0);
        a.putScalar(1, order[2], -1.0);
        return a;
    }

    @Override
    public double[][] values(double[][] points) {
        double[][] out = new double[points.length][];
        forChunks(points, (offset, x) -> {
            double[][] g = model.logits(x).mmul(combination.transpose()).toDoubleMatrix();
            System.arraycopy(g, 0, out, offset, g.length);
        });
        return out;
    }

    @Override
    public double[][][] jacobians(double[][] points) {
        double[][][] out = new double[points.length][][];
        INDArray directions = Nd4j.vstack(u, v).transpose();
        forChunks(points, (offset, x) -> {
            int n = (int) x.rows();
            double[][] g0 = model.vectorJacobian(x, combination.getRow(0, true).repeat(0, n)).mmul(directions).toDoubleMatrix();
            double[][] g1 = model.vectorJacobian(x, combination.getRow(1, true).repeat(0, n)).mmul(directions).toDoubleMatrix();
            for (int i = 0; i < n; i++) {
                out[offset + i] = new double[][] {g0[i], g1[i]};
            }
        });
        return out;
    }

    @Override
    public boolean smooth() {
        return smooth;
    }

    @Override
    public int[] regions(double[][] points) {
        int[] out = new int[points.length];
        forChunks(points, (offset, x) -> {
            int[] p = model.predict(x);
            System.arraycopy(p, 0, out, offset, p.length);
        });
        return out;
    }

    /** The input point x₀ + s·u + t·v, [1,d]. */
    public INDArray inputAt(double s, double t) {
        return origin.add(u.mul(s)).addi(v.mul(t));
    }

    private void forChunks(double[][] points, ChunkConsumer consumer) {
        for (int start = 0; start < points.length; start += CHUNK) {
            int end = Math.min(points.length, start + CHUNK);
            double[][] st = java.util.Arrays.copyOfRange(points, start, end);
            INDArray coords = Nd4j.createFromArray(st);
            INDArray x = coords.getColumn(0).reshape(end - start, 1).mmul(u)
                    .addi(coords.getColumn(1).reshape(end - start, 1).mmul(v)).addiRowVector(origin);
            consumer.accept(start, x);
        }
    }

    @FunctionalInterface
    private interface ChunkConsumer {
        void accept(int offset, INDArray inputs);
    }

    /** True when every hidden layer is dense with a C³ activation. */
    static boolean isSmooth(MultiLayerNetwork net) {
        int layers = net.getnLayers();
        for (int l = 0; l < layers; l++) {
            Layer conf = net.getLayerWiseConfigurations().getConf(l).getLayer();
            if (conf instanceof OutputLayer && l == layers - 1) {
                continue;
            }
            if (!(conf instanceof DenseLayer dense)
                    || !SMOOTH_ACTIVATIONS.contains(((BaseLayer) dense).getActivationFn().getClass().getSimpleName())) {
                return false;
            }
        }
        return true;
    }

    private static INDArray row(INDArray a, int d, String name) {
        if (a.length() != d) {
            throw new IllegalArgumentException(name + " must have " + d + " entries, got " + a.length());
        }
        return a.castTo(DataType.DOUBLE).reshape(1, d).dup();
    }
}
