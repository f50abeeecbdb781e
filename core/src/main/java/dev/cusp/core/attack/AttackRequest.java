package dev.cusp.core.attack;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What an attack is asked to do: a batch of inputs [n,d], the criterion (labels, optional targets), a budget
 * ε per example, the data range and a seed. Fixed-ε attacks stay inside the ε-ball; minimal-norm attacks take
 * ε only as the success threshold (+∞: any adversarial counts).
 */
public record AttackRequest(INDArray inputs, Criterion criterion, double[] epsilons, Bounds bounds, long seed) {

    public AttackRequest {
        if (inputs == null || inputs.rank() != 2) {
            throw new IllegalArgumentException("inputs must be a matrix [n,d], got "
                    + (inputs == null ? "null" : Arrays.toString(inputs.shape())));
        }
        if (criterion == null || criterion.size() != inputs.rows()) {
            throw new IllegalArgumentException("criterion covers " + (criterion == null ? 0 : criterion.size())
                    + " examples but inputs have " + inputs.rows() + " rows");
        }
        if (epsilons == null || epsilons.length != inputs.rows()) {
            throw new IllegalArgumentException("need one epsilon per example: " + inputs.rows() + " rows, "
                    + (epsilons == null ? 0 : epsilons.length) + " epsilons");
        }
        for (int i = 0; i < epsilons.length; i++) {
            if (Double.isNaN(epsilons[i]) || epsilons[i] < 0) {
                throw new IllegalArgumentException("epsilon must be >= 0, got " + epsilons[i] + " at example " + i);
            }
        }
        if (bounds == null) {
            throw new IllegalArgumentException("bounds are missing");
        }
        if (!bounds.contains(inputs)) {
            throw new IllegalArgumentException("inputs span [" + inputs.minNumber() + ", " + inputs.maxNumber()
                    + "], outside the data range [" + bounds.lower() + ", " + bounds.upper() + "]");
        }
        epsilons = epsilons.clone();
    }

    /** One budget for every example, inputs in [0, 1], seed 0. */
    public static AttackRequest of(INDArray inputs, Criterion criterion, double epsilon) {
        double[] eps = new double[(int) inputs.rows()];
        Arrays.fill(eps, epsilon);
        return new AttackRequest(inputs, criterion, eps, Bounds.UNIT, 0L);
    }

    /** A request for a minimal-norm attack: every adversarial counts, whatever its norm. */
    public static AttackRequest unbounded(INDArray inputs, Criterion criterion) {
        return of(inputs, criterion, Double.POSITIVE_INFINITY);
    }

    public AttackRequest withSeed(long newSeed) {
        return new AttackRequest(inputs, criterion, epsilons, bounds, newSeed);
    }

    public AttackRequest withBounds(Bounds newBounds) {
        return new AttackRequest(inputs, criterion, epsilons, newBounds, seed);
    }

    public AttackRequest withEpsilons(double[] newEpsilons) {
        return new AttackRequest(inputs, criterion, newEpsilons, bounds, seed);
    }

    public AttackRequest withCriterion(Criterion newCriterion) {
        return new AttackRequest(inputs, newCriterion, epsilons, bounds, seed);
    }

    /** Number of examples. */
    public int size() {
        return (int) inputs.rows();
    }

    /** The budget of each example, as Java doubles. */
    @Override
    public double[] epsilons() {
        return epsilons.clone();
    }

    /** The same request restricted to the given example rows. */
    public AttackRequest select(int[] rows) {
        return new AttackRequest(Tensors.rows(inputs, rows), criterion.select(rows),
                Tensors.pick(epsilons, rows), bounds, seed);
    }

    /** Throws if some budget is infinite: fixed-ε attacks need a finite ε. */
    public void requireFiniteEpsilons(String attack) {
        for (int i = 0; i < epsilons.length; i++) {
            if (Double.isInfinite(epsilons[i])) {
                throw new IllegalArgumentException(attack + " is a fixed-epsilon attack and needs a finite epsilon"
                        + " (example " + i + " has +infinity)");
            }
        }
    }
}
