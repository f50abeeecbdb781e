package dev.cusp.core.diff;

import dev.cusp.core.model.Classifier;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Full logit Jacobians J(x) = ∂f/∂x ∈ R^{c×d} by reverse mode: every example is replicated c times and row k
 * is seeded with e_k, so one batched vector–Jacobian pass yields all c rows (shared/research/spike-dl4j.md §4).
 */
public final class Jacobians {
    /** Examples per backward pass; bounds the replicated batch to CHUNK·c rows. */
    static final int CHUNK = 64;

    /** J for every row of {@code x}: [n, c, d] in the model's data type (use {@code model.inDouble()} for analysis). */
    public static INDArray logits(Classifier model, INDArray x) {
        if (x == null || x.rank() != 2) {
            throw new IllegalArgumentException("expected inputs [n, " + model.inputSize() + "], got "
                    + (x == null ? "null" : Arrays.toString(x.shape())));
        }
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

    private Jacobians() {
    }
}
