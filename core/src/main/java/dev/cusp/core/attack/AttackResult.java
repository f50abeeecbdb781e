package dev.cusp.core.attack;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-example results of one attack run: the returned inputs [n,d] (row i belongs to example i) and one
 * {@link ExampleResult} per example, plus the name and norm of the attack that produced them.
 */
public record AttackResult(String attack, Norm norm, INDArray adversarial, List<ExampleResult> examples) {

    public AttackResult {
        if (adversarial.rows() != examples.size()) {
            throw new IllegalArgumentException(
                    adversarial.rows() + " adversarial rows for " + examples.size() + " example results");
        }
        examples = List.copyOf(examples);
    }

    /** Number of examples. */
    public int size() {
        return examples.size();
    }

    /** Result of example i. */
    public ExampleResult example(int i) {
        return examples.get(i);
    }

    /** Number of successes (within ε). */
    public int successes() {
        return (int) examples.stream().filter(ExampleResult::success).count();
    }

    /** Fraction of examples the attack did not break within ε: 1 − success rate. */
    public double robustAccuracy() {
        return 1.0 - (double) successes() / size();
    }

    /** Success flags, one per example. */
    public boolean[] successFlags() {
        boolean[] out = new boolean[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = examples.get(i).success();
        }
        return out;
    }

    /** The perturbation sizes in the attack's norm, one per example. */
    public double[] distances() {
        return examples.stream().mapToDouble(e -> e.distance(norm)).toArray();
    }

    /** Total forward queries over all examples. */
    public long totalQueries() {
        return examples.stream().mapToLong(ExampleResult::queries).sum();
    }

    /** Total input-gradient evaluations over all examples. */
    public long totalGradientEvaluations() {
        return examples.stream().mapToLong(ExampleResult::gradientEvaluations).sum();
    }

    /** The result restricted to the given example rows. */
    public AttackResult select(int[] rows) {
        List<ExampleResult> picked = new ArrayList<>(rows.length);
        for (int r : rows) {
            picked.add(examples.get(r));
        }
        return new AttackResult(attack, norm, Tensors.rows(adversarial, rows), picked);
    }
}
