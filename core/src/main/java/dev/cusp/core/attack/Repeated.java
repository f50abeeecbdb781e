package dev.cusp.core.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Restarts as a wrapper (Foolbox 3's {@code Repeated}): runs an attack several times with different seeds and
 * keeps the best result per example — a success over a failure, then (minimal-norm attacks) the smaller
 * perturbation, or (failures) the lower margin. Fixed-ε attacks restart only the examples not yet broken.
 * Costs add up over the runs.
 */
public final class Repeated implements Attack {

    /** Seed offset between restarts (the 64-bit golden-ratio increment of SplitMix64). */
    public static final long SEED_STRIDE = 0x9E3779B97F4A7C15L;

    /** Number of runs and the wrapped attack's own parameters. */
    public record Params(int restarts, Record attack) {
    }

    private final Attack attack;
    private final int restarts;

    public Repeated(Attack attack, int restarts) {
        if (restarts < 1) {
            throw new IllegalArgumentException("restarts must be >= 1, got " + restarts);
        }
        this.attack = attack;
        this.restarts = restarts;
    }

    @Override
    public String name() {
        return attack.name();
    }

    @Override
    public Norm norm() {
        return attack.norm();
    }

    @Override
    public boolean minimizesNorm() {
        return attack.minimizesNorm();
    }

    @Override
    public Params parameters() {
        return new Params(restarts, attack.parameters());
    }

    @Override
    public AttackResult run(AttackModel model, AttackRequest request) {
        AttackResult best = attack.run(model, request);
        INDArray adversarial = best.adversarial().dup();
        List<ExampleResult> examples = new ArrayList<>(best.examples());
        for (int r = 1; r < restarts; r++) {
            int[] rows = minimizesNorm()
                    ? IntStream.range(0, request.size()).toArray()
                    : Tensors.where(successFlags(examples), false);
            if (rows.length == 0) {
                break;
            }
            AttackResult next = attack.run(model, request.select(rows).withSeed(request.seed() + r * SEED_STRIDE));
            for (int k = 0; k < rows.length; k++) {
                ExampleResult current = examples.get(rows[k]);
                ExampleResult candidate = next.example(k);
                ExampleResult kept = better(candidate, current) ? candidate : current;
                if (kept == candidate) {
                    adversarial.putRow(rows[k], next.adversarial().getRow(k));
                }
                examples.set(rows[k], kept.withCosts(current.iterations() + candidate.iterations(),
                        current.gradientEvaluations() + candidate.gradientEvaluations(),
                        current.queries() + candidate.queries()));
            }
        }
        return new AttackResult(attack.name(), attack.norm(), adversarial, examples);
    }

    private boolean better(ExampleResult candidate, ExampleResult current) {
        if (candidate.success() != current.success()) {
            return candidate.success();
        }
        if (candidate.success()) {
            return minimizesNorm() && candidate.distance(norm()) < current.distance(norm());
        }
        return candidate.margin() < current.margin();
    }

    private static boolean[] successFlags(List<ExampleResult> examples) {
        boolean[] flags = new boolean[examples.size()];
        for (int i = 0; i < flags.length; i++) {
            flags[i] = examples.get(i).success();
        }
        return flags;
    }
}
