package dev.cusp.core.diff;

import dev.cusp.core.model.Classifier;
import dev.cusp.core.model.DenseNetwork;
import dev.cusp.core.model.Finite;
import java.util.Arrays;
import java.util.Optional;
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
        Optional<DenseNetwork> dense = DenseNetwork.of(model.network());
        return dense.isPresent() ? byDenseProduct(model, dense.get(), x) : byBackprop(model, x);
    }

    /** Whether {@link #logits} takes the dense product for this model. */
    public static boolean usesDenseProduct(Classifier model) {
        return DenseNetwork.of(model.network()).isPresent();
    }

    /** The masked weight product of a dense network, in chunks of {@link #DENSE_CHUNK} examples. */
    static INDArray byDenseProduct(Classifier model, DenseNetwork network, INDArray x) {
        INDArray input = x.dataType() == model.dataType() ? x : x.castTo(model.dataType());
        if (!Finite.all(input)) {
            throw new IllegalArgumentException("input contains NaN or infinite values"
                    + (input == x ? "" : " (after conversion to " + model.dataType() + ")"));
        }
        long n = input.rows();
        if (n <= DENSE_CHUNK) {
            return network.logitJacobians(input);
        }
        INDArray jacobians = Nd4j.create(model.dataType(), n, model.classes(), input.columns());
        for (long start = 0; start < n; start += DENSE_CHUNK) {
            long end = Math.min(n, start + DENSE_CHUNK);
            INDArray rows = input.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            INDArray block = network.logitJacobians(rows);
            jacobians.get(NDArrayIndex.interval(start, end), NDArrayIndex.all(), NDArrayIndex.all()).assign(block);
            DenseNetwork.release(block);
        }
        return jacobians;
    }

    /** Replicated reverse mode through DL4J: works for every network {@link Classifier} accepts. */
    static INDArray byBackprop(Classifier model, INDArray x) {
        checkShape(model, x);
        int c = model.classes();
        long n = x.rows();
        long d = x.columns();
        INDArray jacobians = Nd4j.create(model.dataType(), n, c, d);
        INDArray identity = Nd4j.eye(c).castTo(model.dataType());
        for (long start = 0; start < n; start += CHUNK) {
            long end = Math.min(n, start + CHUNK);
            int b = (int) (end - start);
            INDArray rows = x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            INDArray replicated = rows.repeat(0, c);
            INDArray seeds = Nd4j.tile(identity, b, 1);
            INDArray block = model.vectorJacobian(replicated, seeds).reshape('c', b, c, d);
            jacobians.get(NDArrayIndex.interval(start, end), NDArrayIndex.all(), NDArrayIndex.all()).assign(block);
        }
        return jacobians;
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
