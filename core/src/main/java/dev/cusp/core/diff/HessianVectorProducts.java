package dev.cusp.core.diff;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Hessian–vector products of a scalar loss L(θ) by central differences of its gradient, in DOUBLE:
 * Hv ≈ (∇L(θ + hv) − ∇L(θ − hv))/(2h), exact for quadratic L and O(h²) otherwise — the one primitive the
 * curvature estimators ({@code HessianTopEigenvalues}, {@code HutchinsonTrace}) are built on, as PyHessian
 * builds them on double backpropagation.
 */
public final class HessianVectorProducts {

    /** ∇L at a parameter vector θ, both flat [P] (or [1,P]). */
    @FunctionalInterface
    public interface Gradient {
        INDArray at(INDArray theta);
    }

    /**
     * Step h = RELATIVE_STEP·max(1, ‖θ‖)/‖v‖: near ε^{1/3} ≈ 6e-6, the step that balances the O(h²) truncation
     * of central differences against the O(ε/h) round-off of the gradient difference.
     */
    public static final double RELATIVE_STEP = 1e-5;

    private final Gradient gradient;
    private final INDArray theta;
    private final double relativeStep;
    private long products;

    public HessianVectorProducts(Gradient gradient, INDArray theta, double relativeStep) {
        if (!(relativeStep > 0)) {
            throw new IllegalArgumentException("relative step must be positive, got " + relativeStep);
        }
        this.gradient = gradient;
        this.theta = theta.castTo(DataType.DOUBLE).reshape(theta.length()).dup();
        this.relativeStep = relativeStep;
    }

    public HessianVectorProducts(Gradient gradient, INDArray theta) {
        this(gradient, theta, RELATIVE_STEP);
    }

    /**
     * The mean data loss of a DL4J network over one batch (PyHessian's criterion with mean reduction; no
     * regularisation terms), at the network's current parameters. DL4J's {@code computeGradientAndScore}
     * returns the gradient of the summed loss (its updater divides by the batch size later), so the gradient
     * is divided by N here. The network is converted to a private DOUBLE copy: the caller's is never touched.
     */
    public static HessianVectorProducts ofLoss(MultiLayerNetwork network, INDArray features, INDArray labels) {
        // convertDataType returns the network itself when it is already DOUBLE: clone first
        MultiLayerNetwork copy = network.clone().convertDataType(DataType.DOUBLE);
        INDArray x = features.castTo(DataType.DOUBLE);
        INDArray y = labels.castTo(DataType.DOUBLE);
        double batch = x.rows();
        Gradient g = theta -> {
            copy.setParams(theta.reshape(1, theta.length()));
            copy.setInput(x);
            copy.setLabels(y);
            copy.computeGradientAndScore();
            return copy.gradient().gradient().castTo(DataType.DOUBLE).reshape(theta.length()).div(batch);
        };
        return new HessianVectorProducts(g, copy.params().dup());
    }

    /** Hv for a direction v of the parameter dimension. */
    public INDArray apply(INDArray v) {
        INDArray dir = v.castTo(DataType.DOUBLE).reshape(v.length());
        if (dir.length() != theta.length()) {
            throw new IllegalArgumentException("direction has " + dir.length() + " entries, the parameters "
                    + theta.length());
        }
        double norm = dir.norm2Number().doubleValue();
        if (norm == 0) {
            return dir.dup();
        }
        double h = relativeStep * Math.max(1.0, theta.norm2Number().doubleValue()) / norm;
        INDArray plus = gradient.at(theta.add(dir.mul(h)));
        INDArray minus = gradient.at(theta.sub(dir.mul(h)));
        products++;
        return plus.subi(minus).divi(2 * h);
    }

    /** The parameter dimension P. */
    public int dimension() {
        return (int) theta.length();
    }

    /** Number of products computed so far (each costs two gradient evaluations). */
    public long products() {
        return products;
    }
}
