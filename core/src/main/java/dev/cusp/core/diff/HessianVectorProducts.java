package dev.cusp.core.diff;

import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Hessian–vector products of a scalar loss L(θ) in DOUBLE — the one primitive the curvature estimators
 * ({@code HessianTopEigenvalues}, {@code HutchinsonTrace}) are built on, as PyHessian builds them on double
 * backpropagation. Dense networks with softmax cross-entropy get exact products (Pearlmutter's R-operator,
 * {@link DenseLossHessian}); everything else central differences of the gradient,
 * Hv ≈ (∇L(θ + hv) − ∇L(θ − hv))/(2h), exact for quadratic L and O(h²) for smooth L — but wrong for ReLU
 * networks whenever θ ± hv lie in different linear regions: the gradient jumps at a kink and the quotient grows
 * like jump/h (docs/singularities.md, "Loss Hessian").
 */
public final class HessianVectorProducts {

    /** ∇L at a parameter vector θ, both flat [P] (or [1,P]). */
    @FunctionalInterface
    public interface Gradient {
        INDArray at(INDArray theta);
    }

    /** An exact product H·v for a flat direction v [P] (DOUBLE). */
    @FunctionalInterface
    public interface Product {
        INDArray times(INDArray v);
    }

    /** How the products are computed. */
    public enum Method {
        /** Exact up to round-off (R-operator, or a closed form). */
        EXACT,
        /** Central differences of the gradient with step {@link #RELATIVE_STEP}. */
        CENTRAL_DIFFERENCES
    }

    /**
     * Step h = RELATIVE_STEP·max(1, ‖θ‖)/‖v‖: near ε^{1/3} ≈ 6e-6, the step that balances the O(h²) truncation
     * of central differences against the O(ε/h) round-off of the gradient difference.
     */
    public static final double RELATIVE_STEP = 1e-5;

    private final Product product;
    private final int dimension;
    private final Method method;
    private long products;

    private HessianVectorProducts(Product product, long dimension, Method method) {
        this.product = product;
        this.dimension = Math.toIntExact(dimension);
        this.method = method;
    }

    /** Central differences of {@code gradient} around θ with step {@code relativeStep}·max(1, ‖θ‖)/‖v‖. */
    public HessianVectorProducts(Gradient gradient, INDArray theta, double relativeStep) {
        this(centralDifferences(gradient, theta, relativeStep), theta.length(), Method.CENTRAL_DIFFERENCES);
    }

    public HessianVectorProducts(Gradient gradient, INDArray theta) {
        this(gradient, theta, RELATIVE_STEP);
    }

    /** Products from an exact H·v of dimension P. */
    public static HessianVectorProducts exact(Product product, int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("the parameter dimension must be positive, got " + dimension);
        }
        return new HessianVectorProducts(product, dimension, Method.EXACT);
    }

    /**
     * The mean data loss of a DL4J network over one batch (PyHessian's criterion with mean reduction; no
     * regularisation terms), at the network's current parameters: exact products when the network is dense
     * (dense layers with relu/leakyrelu/tanh/sigmoid/identity) with a softmax cross-entropy output, otherwise
     * {@link #ofLossByDifferences} with {@link #RELATIVE_STEP}. The network is converted to a private DOUBLE copy:
     * the caller's is never touched.
     */
    public static HessianVectorProducts ofLoss(MultiLayerNetwork network, INDArray features, INDArray labels) {
        MultiLayerNetwork copy = doubleCopy(network);
        INDArray x = features.castTo(DataType.DOUBLE);
        INDArray y = labels.castTo(DataType.DOUBLE);
        Optional<DenseLossHessian> exact = DenseLossHessian.of(copy, x, y);
        if (exact.isPresent()) {
            return exact(exact.get(), Math.toIntExact(copy.numParams()));
        }
        return differences(copy, x, y, RELATIVE_STEP);
    }

    /**
     * The same loss by central differences of DL4J's gradient for any network. DL4J's
     * {@code computeGradientAndScore} returns the gradient of the summed loss (its updater divides by the batch
     * size later), so the gradient is divided by N here.
     */
    public static HessianVectorProducts ofLossByDifferences(MultiLayerNetwork network, INDArray features,
            INDArray labels, double relativeStep) {
        return differences(doubleCopy(network), features.castTo(DataType.DOUBLE), labels.castTo(DataType.DOUBLE),
                relativeStep);
    }

    private static HessianVectorProducts differences(MultiLayerNetwork copy, INDArray x, INDArray y,
            double relativeStep) {
        double batch = x.rows();
        Gradient g = theta -> {
            copy.setParams(theta.reshape(1, theta.length()));
            copy.setInput(x);
            copy.setLabels(y);
            copy.computeGradientAndScore();
            return copy.gradient().gradient().castTo(DataType.DOUBLE).reshape(theta.length()).div(batch);
        };
        return new HessianVectorProducts(g, copy.params().dup(), relativeStep);
    }

    private static MultiLayerNetwork doubleCopy(MultiLayerNetwork network) {
        // convertDataType returns the network itself when it is already DOUBLE: clone first
        return network.clone().convertDataType(DataType.DOUBLE);
    }

    private static Product centralDifferences(Gradient gradient, INDArray point, double relativeStep) {
        if (!(relativeStep > 0)) {
            throw new IllegalArgumentException("relative step must be positive, got " + relativeStep);
        }
        INDArray theta = point.castTo(DataType.DOUBLE).reshape(point.length()).dup();
        double scale = Math.max(1.0, theta.norm2Number().doubleValue());
        return dir -> {
            double norm = dir.norm2Number().doubleValue();
            if (norm == 0) {
                return dir.dup();
            }
            double h = relativeStep * scale / norm;
            INDArray plus = gradient.at(theta.add(dir.mul(h)));
            INDArray minus = gradient.at(theta.sub(dir.mul(h)));
            return plus.subi(minus).divi(2 * h);
        };
    }

    /** Hv for a direction v of the parameter dimension. */
    public INDArray apply(INDArray v) {
        INDArray dir = v.castTo(DataType.DOUBLE).reshape(v.length());
        if (dir.length() != dimension) {
            throw new IllegalArgumentException("direction has " + dir.length() + " entries, the parameters "
                    + dimension);
        }
        products++;
        return product.times(dir);
    }

    /** The parameter dimension P. */
    public int dimension() {
        return dimension;
    }

    /** Exact or by central differences. */
    public Method method() {
        return method;
    }

    /** Number of products computed so far (each costs two gradient evaluations by differences). */
    public long products() {
        return products;
    }
}
