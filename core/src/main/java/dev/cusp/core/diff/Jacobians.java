package dev.cusp.core.diff;

import dev.cusp.core.linalg.Buffers;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.model.ConvNetwork;
import dev.cusp.core.model.DenseNetwork;
import dev.cusp.core.model.Finite;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Full logit Jacobians J(x) = ∂f/∂x ∈ R^{c×d}. Dense feed-forward networks (dense layers with elementwise
 * activations) take the masked weight product of {@link DenseNetwork}: one GEMM per layer for the whole batch, no
 * weight gradients. Every other network (convolutions, …) takes reverse mode through DL4J: every example is
 * replicated c times and row k is seeded with e_k, so one batched vector–Jacobian pass yields all c rows
 * (shared/research/spike-dl4j.md §4). Both give the same J.
 */
public final class Jacobians {
    /** Examples per DL4J backward pass; bounds the replicated batch to CHUNK·c rows. */
    static final int CHUNK = 64;
    /** Examples per dense product; bounds the stacked matrix to DENSE_CHUNK·c rows of the widest layer. */
    static final int DENSE_CHUNK = 256;

    /** J for every row of {@code x}: [n, c, d] in the model's data type (use {@code model.inDouble()} for analysis). */
    public static INDArray logits(Classifier model, INDArray x) {
        checkShape(model, x);
        Optional<DenseNetwork> dense = model.denseNetwork();
        if (dense.isPresent()) {
            return byDenseProduct(model, dense.get(), x);
        }
        Optional<ConvNetwork> conv = model.convNetwork();
        return conv.isPresent() ? byConvolution(model, conv.get(), x) : byBackprop(model, x);
    }

    /**
     * The convolutional op path's Jacobians ({@link ConvNetwork#logitJacobians}: one forward pass, the stored
     * activations repeated c times, one backward pass), in chunks of {@link #CHUNK} examples.
     */
    static INDArray byConvolution(Classifier model, ConvNetwork network, INDArray x) {
        return inChunks(model, checkedInput(model, x), CHUNK, rows -> network.logitJacobians(rows, model.classes()));
    }

    /** [n, c, d] assembled from {@code block} on consecutive chunks of at most {@code chunk} rows of {@code x}. */
    private static INDArray inChunks(Classifier model, INDArray x, int chunk, UnaryOperator<INDArray> block) {
        long n = x.rows();
        if (n <= chunk) {
            return block.apply(x);
        }
        INDArray jacobians = Nd4j.create(model.dataType(), n, model.classes(), x.columns());
        for (long start = 0; start < n; start += chunk) {
            long end = Math.min(n, start + chunk);
            INDArray part = block.apply(x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()));
            jacobians.get(NDArrayIndex.interval(start, end), NDArrayIndex.all(), NDArrayIndex.all()).assign(part);
            Buffers.release(part);
        }
        return jacobians;
    }

    /**
     * {@code x} in the model's data type as a whole row-major array, refused when it holds NaN or ∞. Views are
     * copied first: ND4J 1.0.0-M2.1's {@code get} of a row interval of a strided view returns a rank-0 array.
     */
    private static INDArray checkedInput(Classifier model, INDArray x) {
        INDArray rows = Buffers.rowMajor(x);
        INDArray input = rows.dataType() == model.dataType() ? rows : rows.castTo(model.dataType());
        if (!Finite.all(input)) {
            throw new IllegalArgumentException("input contains NaN or infinite values"
                    + (input == rows ? "" : " (after conversion to " + model.dataType() + ")"));
        }
        return input;
    }

    /** Whether {@link #logits} takes the dense product for this model. */
    public static boolean usesDenseProduct(Classifier model) {
        return model.dense();
    }

    /** The masked weight product of a dense network, in chunks of {@link #DENSE_CHUNK} examples. */
    static INDArray byDenseProduct(Classifier model, DenseNetwork network, INDArray x) {
        return inChunks(model, checkedInput(model, x), DENSE_CHUNK, network::logitJacobians);
    }

    /** Replicated reverse mode through DL4J: works for every network {@link Classifier} accepts. */
    static INDArray byBackprop(Classifier model, INDArray view) {
        checkShape(model, view);
        int c = model.classes();
        INDArray identity = Nd4j.eye(c).castTo(model.dataType());
        return inChunks(model, Buffers.rowMajor(view), CHUNK, rows -> {
            int b = (int) rows.rows();
            INDArray seeds = Nd4j.tile(identity, b, 1);
            return model.vectorJacobian(rows.repeat(0, c), seeds).reshape('c', b, c, rows.columns());
        });
    }

    private static void checkShape(Classifier model, INDArray x) {
        if (x == null || x.rank() != 2 || x.columns() != model.inputSize() || x.rows() == 0) {
            throw new IllegalArgumentException("expected inputs [n, " + model.inputSize() + "] with n ≥ 1, got "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
        if (!x.dataType().isFPType()) {
            throw new IllegalArgumentException("input must be floating point, got " + x.dataType());
        }
    }

    private Jacobians() {
    }
}
