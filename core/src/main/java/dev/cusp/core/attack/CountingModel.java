package dev.cusp.core.attack;

import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An {@link AttackModel} that counts, per example, the forward queries ({@link #logits}) and the input-gradient
 * evaluations ({@link #vectorJacobian}, one per row) an attack spends. Each call names the example behind
 * every row, so sub-batches of still-active examples are charged to the right example.
 */
public final class CountingModel {

    private final AttackModel model;
    private final long[] queries;
    private final long[] gradients;

    public CountingModel(AttackModel model, int examples) {
        this.model = model;
        this.queries = new long[examples];
        this.gradients = new long[examples];
    }

    /** The wrapped model. */
    public AttackModel model() {
        return model;
    }

    /** Logits of rows whose examples are {@code examples[i]}; one query each. */
    public INDArray logits(INDArray x, int[] examples) {
        requireRows(x, examples);
        for (int e : examples) {
            queries[e]++;
        }
        return model.logits(x);
    }

    /** Vector–Jacobian product of rows whose examples are {@code examples[i]}; one gradient evaluation each. */
    public INDArray vectorJacobian(INDArray x, INDArray seed, int[] examples) {
        requireRows(x, examples);
        for (int e : examples) {
            gradients[e]++;
        }
        return model.vectorJacobian(x, seed);
    }

    /** Logits and a vector–Jacobian product seeded from them ({@link AttackModel#evaluate}): a query and a gradient each. */
    public AttackModel.Evaluation evaluate(INDArray x, UnaryOperator<INDArray> seedOfLogits, int[] examples) {
        requireRows(x, examples);
        for (int e : examples) {
            queries[e]++;
            gradients[e]++;
        }
        return model.evaluate(x, seedOfLogits);
    }

    /** Forward queries spent per example so far. */
    public long[] queries() {
        return queries.clone();
    }

    /** Input-gradient evaluations spent per example so far. */
    public long[] gradientEvaluations() {
        return gradients.clone();
    }

    private static void requireRows(INDArray x, int[] examples) {
        if (x.rows() != examples.length) {
            throw new IllegalStateException(
                    "batch has " + x.rows() + " rows but " + examples.length + " example ids");
        }
    }
}
