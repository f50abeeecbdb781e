package dev.cusp.core.attack.minimal;

import dev.cusp.core.attack.Attack;
import dev.cusp.core.attack.AttackModel;
import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.AttackResult;
import dev.cusp.core.attack.ExampleResult;
import dev.cusp.core.attack.Norm;
import dev.cusp.core.attack.Outcomes;
import dev.cusp.core.attack.Tensors;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns a fixed-ε attack into a minimal-norm one by bisection on ε per example (ART's {@code minimal=True} for
 * FGSM, with bisection instead of a linear scan): run at the largest budget, then halve the bracket
 * [lo, hi] around the smallest successful ε, keeping the adversarial found at hi. Costs add up over the runs.
 */
public final class EpsilonSearch implements Attack {

    /** Largest budget tried and bisection steps (resolution maxEpsilon/2^steps). */
    public record Params(double maxEpsilon, int steps, Record attack) {
        public Params {
            if (!(maxEpsilon > 0) || Double.isInfinite(maxEpsilon) || steps < 1) {
                throw new IllegalArgumentException("epsilon search needs a finite max epsilon > 0 and steps >= 1,"
                        + " got " + maxEpsilon + ", " + steps);
            }
        }
    }

    private final Attack attack;
    private final double maxEpsilon;
    private final int steps;

    public EpsilonSearch(Attack attack, double maxEpsilon, int steps) {
        if (attack.minimizesNorm()) {
            throw new IllegalArgumentException(attack.name() + " already minimises the norm");
        }
        new Params(maxEpsilon, steps, attack.parameters());
        this.attack = attack;
        this.maxEpsilon = maxEpsilon;
        this.steps = steps;
    }

    @Override
    public String name() {
        return attack.name() + "-min";
    }

    @Override
    public Norm norm() {
        return attack.norm();
    }

    @Override
    public boolean minimizesNorm() {
        return true;
    }

    @Override
    public Params parameters() {
        return new Params(maxEpsilon, steps, attack.parameters());
    }

    @Override
    public AttackResult run(AttackModel model, AttackRequest request) {
        int n = request.size();
        double[] hi = new double[n];
        Arrays.fill(hi, maxEpsilon);
        double[] lo = new double[n];
        int[] iterations = new int[n];
        long[] gradients = new long[n];
        long[] queries = new long[n];
        AttackResult first = attack.run(model, request.withEpsilons(hi));
        INDArray best = first.adversarial().dup();
        add(first, null, iterations, gradients, queries);
        boolean[] searching = new boolean[n];
        for (int i = 0; i < n; i++) {
            searching[i] = first.example(i).success() && first.example(i).l0() > 0;
        }
        int[] rows = Tensors.where(searching, true);
        for (int s = 0; s < steps && rows.length > 0; s++) {
            double[] mid = new double[rows.length];
            for (int k = 0; k < rows.length; k++) {
                mid[k] = (lo[rows[k]] + hi[rows[k]]) / 2;
            }
            AttackResult next = attack.run(model, request.select(rows).withEpsilons(mid));
            add(next, rows, iterations, gradients, queries);
            for (int k = 0; k < rows.length; k++) {
                if (next.example(k).success()) {
                    hi[rows[k]] = mid[k];
                    best.putRow(rows[k], next.adversarial().getRow(k));
                } else {
                    lo[rows[k]] = mid[k];
                }
            }
        }
        return Outcomes.of(name(), norm(), model, request, best, iterations, gradients, queries);
    }

    private static void add(AttackResult result, int[] rows, int[] iterations, long[] gradients, long[] queries) {
        for (int k = 0; k < result.size(); k++) {
            int i = rows == null ? k : rows[k];
            ExampleResult e = result.example(k);
            iterations[i] += e.iterations();
            gradients[i] += e.gradientEvaluations();
            queries[i] += e.queries();
        }
    }
}
