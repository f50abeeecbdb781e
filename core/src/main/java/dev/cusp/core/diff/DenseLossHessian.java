package dev.cusp.core.diff;

import dev.cusp.core.model.DenseNetwork;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossNegativeLogLikelihood;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Exact Hessian–vector products of the mean softmax cross-entropy of a {@link DenseNetwork} over one batch, by
 * Pearlmutter's R-operator (Pearlmutter 1994, "Fast exact multiplication by the Hessian", §4: forward-over-reverse
 * written out for dense layers). For piecewise-linear activations σ'' = 0 and the product is the Hessian of the
 * linear region containing θ — exact almost everywhere, where central differences of the gradient are not once
 * their step crosses a kink. The loss is DL4J's unweighted MCXENT/NLL without its 1e-10 probability clipping.
 */
final class DenseLossHessian implements HessianVectorProducts.Product {
    private final DenseNetwork network;
    private final MultiLayerNetwork directionHolder;
    private final DenseNetwork direction;
    private final MultiLayerNetwork productHolder;
    private final DenseNetwork product;
    private final DenseNetwork.Pass pass;
    private final INDArray probabilities;
    /** δ_l = ∂L/∂z_l per layer. */
    private final List<INDArray> deltas;
    /** ∂L/∂a_l = δ_{l+1}W_{l+1}ᵀ per hidden layer. */
    private final List<INDArray> upstream;
    private final double batch;

    private DenseLossHessian(MultiLayerNetwork holder, DenseNetwork network, INDArray x, INDArray y) {
        this.network = network;
        this.directionHolder = holder.clone();
        this.direction = DenseNetwork.of(directionHolder).orElseThrow();
        this.productHolder = holder.clone();
        this.product = DenseNetwork.of(productHolder).orElseThrow();
        this.pass = network.forward(x, true);
        this.probabilities = Transforms.softmax(pass.logits(), true);
        this.batch = x.rows();
        int layers = network.layers().size();
        INDArray[] delta = new INDArray[layers];
        INDArray[] up = new INDArray[layers - 1];
        delta[layers - 1] = probabilities.sub(y).divi(batch);
        for (int l = layers - 1; l > 0; l--) {
            up[l - 1] = delta[l].mmul(network.layers().get(l).weights().transpose());
            delta[l - 1] = up[l - 1].mul(pass.derivatives().get(l - 1));
        }
        this.deltas = List.of(delta);
        this.upstream = List.of(up);
    }

    /**
     * The exact product for {@code network} (DOUBLE; it is read, never written) on features x [N, d] and one-hot
     * labels y [N, c], or empty when it is not a dense network whose output is softmax with plain cross-entropy.
     */
    static Optional<DenseLossHessian> of(MultiLayerNetwork network, INDArray x, INDArray y) {
        if (network.getLayerWiseConfigurations().getDataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("exact Hessian products are computed in DOUBLE, the network is "
                    + network.getLayerWiseConfigurations().getDataType());
        }
        int last = network.getnLayers() - 1;
        if (!(network.getLayerWiseConfigurations().getConf(last).getLayer() instanceof OutputLayer output)
                || !(output.getActivationFn() instanceof ActivationSoftmax) || !isPlainCrossEntropy(output.getLossFn())) {
            return Optional.empty();
        }
        return DenseNetwork.of(network).map(dense -> {
            if (x.rank() != 2 || x.columns() != dense.inputs() || y.rank() != 2 || y.rows() != x.rows()
                    || y.columns() != dense.classes()) {
                throw new IllegalArgumentException("expected features [N, " + dense.inputs() + "] and labels [N, "
                        + dense.classes() + "], got " + Arrays.toString(x.shape()) + " and " + Arrays.toString(y.shape()));
            }
            return new DenseLossHessian(network, dense, x, y);
        });
    }

    private static boolean isPlainCrossEntropy(ILossFunction loss) {
        return (loss.getClass() == LossMCXENT.class || loss.getClass() == LossNegativeLogLikelihood.class)
                && ((LossMCXENT) loss).getWeights() == null;
    }

    /**
     * H·v: the forward R-pass R(z_l) = R(a_{l−1})W_l + a_{l−1}V_l + c_l, R(a_l) = σ'(z_l)⊙R(z_l); at the softmax
     * R(δ_L) = p⊙(R(z_L) − ⟨p, R(z_L)⟩)/N; backward R(∂W_l) = R(a_{l−1})ᵀδ_l + a_{l−1}ᵀR(δ_l), R(∂b_l) = Σ R(δ_l),
     * R(δ_{l−1}) = (R(δ_l)W_lᵀ + δ_lV_lᵀ)⊙σ'(z_{l−1}) + (δ_lW_lᵀ)⊙σ''(z_{l−1})⊙R(z_{l−1}).
     */
    @Override
    public synchronized INDArray times(INDArray v) {
        directionHolder.setParams(v.reshape(1, v.length()));
        int layers = network.layers().size();
        List<INDArray> rz = new ArrayList<>();
        List<INDArray> ra = new ArrayList<>();
        INDArray previous = null;
        for (int l = 0; l < layers; l++) {
            INDArray z = DenseNetwork.affine(pass.inputs().get(l), direction.layers().get(l));
            if (previous != null) {
                z.addi(previous.mmul(network.layers().get(l).weights()));
            }
            rz.add(z);
            if (l < layers - 1) {
                previous = z.mul(pass.derivatives().get(l));
                ra.add(previous);
            }
        }
        INDArray rLogits = rz.get(layers - 1);
        INDArray centred = rLogits.subColumnVector(probabilities.mul(rLogits).sum(true, 1));
        INDArray rDelta = probabilities.mul(centred).divi(batch);
        for (int l = layers - 1; l >= 0; l--) {
            DenseNetwork.Layer out = product.layers().get(l);
            INDArray rWeights = pass.inputs().get(l).transpose().mmul(rDelta);
            if (l > 0) {
                rWeights.addi(ra.get(l - 1).transpose().mmul(deltas.get(l)));
            }
            out.weights().assign(rWeights);
            if (out.bias() != null) {
                out.bias().assign(rDelta.sum(true, 0));
            }
            if (l > 0) {
                INDArray next = rDelta.mmul(network.layers().get(l).weights().transpose())
                        .addi(deltas.get(l).mmul(direction.layers().get(l).weights().transpose()))
                        .muli(pass.derivatives().get(l - 1));
                INDArray second = pass.secondDerivatives().get(l - 1);
                if (second != null) {
                    next.addi(upstream.get(l - 1).mul(second).muli(rz.get(l - 1)));
                }
                rDelta = next;
            }
        }
        return productHolder.params().dup().reshape(v.length());
    }
}
