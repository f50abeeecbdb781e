package dev.cusp.core.attack.gradient;

import dev.cusp.core.attack.Attack;
import dev.cusp.core.attack.AttackModel;
import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.AttackResult;
import dev.cusp.core.attack.CountingModel;
import dev.cusp.core.attack.Norm;
import dev.cusp.core.attack.Outcomes;
import dev.cusp.core.attack.Repeated;
import dev.cusp.core.attack.Tensors;
import dev.cusp.core.attack.TargetedMisclassification;
import dev.cusp.core.attack.loss.Dlr;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * APGD-T (Croce &amp; Hein 2020, §4 and AutoAttack): APGD on the targeted DLR loss, run in turn for the target
 * classes ranked 2, 3, ... by the clean logits, each run only on the examples still robust. With an untargeted
 * criterion any misclassification counts (AutoAttack's use); with a targeted one it attacks that target only.
 */
public final class ApgdTargeted implements Attack {

    /** Iterations, ρ and the number of target classes; AutoAttack's standard values are 100, 0.75 and 9. */
    public record Params(Norm norm, int steps, double rho, int targets) {
        public Params {
            new Apgd.Params(norm, "dlr", steps, rho);
            if (targets < 1) {
                throw new IllegalArgumentException("APGD-T needs at least one target class, got " + targets);
            }
        }

        public static Params defaults(Norm norm) {
            return new Params(norm, 100, 0.75, 9);
        }

        public Params withSteps(int newSteps) {
            return new Params(norm, newSteps, rho, targets);
        }
    }

    private final Params params;

    public ApgdTargeted(Params params) {
        this.params = params;
    }

    public static ApgdTargeted defaults(Norm norm) {
        return new ApgdTargeted(Params.defaults(norm));
    }

    @Override
    public String name() {
        return "apgd-t";
    }

    @Override
    public Norm norm() {
        return params.norm();
    }

    @Override
    public boolean minimizesNorm() {
        return false;
    }

    @Override
    public Params parameters() {
        return params;
    }

    @Override
    public AttackResult run(AttackModel model, AttackRequest request) {
        request.requireFiniteEpsilons(name());
        int n = request.size();
        CountingModel counting = new CountingModel(model, n);
        Apgd.Params apgd = new Apgd.Params(params.norm(), "dlr", params.steps(), params.rho());
        int[] all = IntStream.range(0, n).toArray();
        INDArray clean = counting.logits(request.inputs(), all);
        boolean[] done = request.criterion().isAdversarial(clean);
        INDArray adversarial = request.inputs().dup();
        int[] iterations = new int[n];
        if (request.criterion().targeted()) {
            merge(Apgd.run(counting, request, all, done, Dlr.INSTANCE, request.criterion(), apgd), all, adversarial,
                    done, iterations);
            return Outcomes.of(name(), params.norm(), model, request, adversarial, iterations, counting);
        }
        int targets = Math.min(params.targets(), model.classes() - 1);
        int[][] ranked = Tensors.ranked(clean, targets + 1);
        for (int r = 1; r <= targets; r++) {
            int[] rows = Tensors.where(done, false);
            if (rows.length == 0) {
                break;
            }
            TargetedMisclassification toward = new TargetedMisclassification(
                    Tensors.pick(request.criterion().labels(), rows), Tensors.pick(ranked[r], rows));
            AttackRequest stage = request.withSeed(request.seed() + r * Repeated.SEED_STRIDE);
            merge(Apgd.run(counting, stage, rows, new boolean[rows.length], Dlr.INSTANCE, toward, apgd), rows,
                    adversarial, done, iterations);
        }
        return Outcomes.of(name(), params.norm(), model, request, adversarial, iterations, counting);
    }

    private static void merge(Apgd.Run run, int[] rows, INDArray adversarial, boolean[] done, int[] iterations) {
        for (int k = 0; k < rows.length; k++) {
            if (!done[rows[k]] || run.broken()[k]) {
                adversarial.putRow(rows[k], run.adversarial().getRow(k));
            }
            done[rows[k]] |= run.broken()[k];
            iterations[rows[k]] += run.iterations()[k];
        }
    }
}
