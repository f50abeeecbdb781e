package dev.cusp.core.attack.gradient;

import dev.cusp.core.attack.Active;
import dev.cusp.core.attack.Attack;
import dev.cusp.core.attack.AttackModel;
import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.AttackResult;
import dev.cusp.core.attack.Bounds;
import dev.cusp.core.attack.CountingModel;
import dev.cusp.core.attack.Criterion;
import dev.cusp.core.attack.Norm;
import dev.cusp.core.attack.Outcomes;
import dev.cusp.core.attack.Tensors;
import dev.cusp.core.attack.loss.CrossEntropy;
import dev.cusp.core.attack.loss.Dlr;
import dev.cusp.core.attack.loss.Loss;
import dev.cusp.core.linalg.Buffers;
import dev.cusp.core.linalg.SeededRandom;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Auto-PGD (Croce &amp; Hein 2020, Algorithm 1) on the cross-entropy (APGD-CE) or the DLR loss (APGD-DLR),
 * L∞ or L2: step size 2ε halved at checkpoints w_j (p₀ = 0, p₁ = 0.22, p_{j+1} = p_j + max(p_j − p_{j−1} −
 * 0.03, 0.06)) when the loss rose in at most ρ of the window's steps, or when neither the step was halved nor
 * the best loss improved at the previous checkpoint (then it restarts from the best point), and momentum 0.75.
 * Starts at a random point on the ε-sphere. An example leaves the batch once adversarial.
 */
public final class Apgd implements Attack {

    /** Momentum weight α of the update (eq. 2: x ← x + α(z − x) + (1 − α)(x − x_prev)). */
    static final double MOMENTUM = 0.75;

    /**
     * Loss ({@code ce} or {@code dlr}), iterations and ρ; defaults are the paper's and AutoAttack's: 100
     * iterations, ρ = 0.75, one run (restarts through {@code Repeated}).
     */
    public record Params(Norm norm, String loss, int steps, double rho) {
        public Params {
            if (norm != Norm.LINF && norm != Norm.L2) {
                throw new IllegalArgumentException("APGD supports linf and l2, got " + norm);
            }
            if (!"ce".equals(loss) && !"dlr".equals(loss)) {
                throw new IllegalArgumentException("APGD's loss is ce or dlr, got " + loss);
            }
            if (steps < 1 || !(rho > 0 && rho <= 1)) {
                throw new IllegalArgumentException("APGD needs steps >= 1 and 0 < rho <= 1, got " + steps + ", " + rho);
            }
        }

        public static Params defaults(Norm norm, String loss) {
            return new Params(norm, loss, 100, 0.75);
        }

        public Params withSteps(int newSteps) {
            return new Params(norm, loss, newSteps, rho);
        }
    }

    /** The returned inputs and the iterations each example ran. */
    record Run(INDArray adversarial, boolean[] broken, int[] iterations) {
    }

    private final Params params;

    public Apgd(Params params) {
        this.params = params;
    }

    public static Apgd ce(Norm norm) {
        return new Apgd(Params.defaults(norm, "ce"));
    }

    public static Apgd dlr(Norm norm) {
        return new Apgd(Params.defaults(norm, "dlr"));
    }

    @Override
    public String name() {
        return "apgd-" + params.loss();
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
        CountingModel counting = new CountingModel(model, request.size());
        Loss loss = "ce".equals(params.loss()) ? CrossEntropy.INSTANCE : Dlr.INSTANCE;
        int[] all = IntStream.range(0, request.size()).toArray();
        boolean[] clean = request.criterion().isAdversarial(counting.logits(request.inputs(), all));
        Run run = run(counting, request, all, clean, loss, request.criterion(), params);
        return Outcomes.of(name(), params.norm(), model, request, run.adversarial(), run.iterations(), counting);
    }

    /**
     * The iterations (1-based counts of steps taken) after which the step size is checked: windows of
     * ⌊0.22N⌋ steps, each next one ⌊0.03N⌋ shorter but at least ⌊0.06N⌋ (the reference implementation's integer
     * form of the paper's p_{j+1} = p_j + max(p_j − p_{j−1} − 0.03, 0.06)).
     */
    public static int[] checkpoints(int steps) {
        int window = Math.max((int) (0.22 * steps), 1);
        int decrement = Math.max((int) (0.03 * steps), 1);
        int minimum = Math.max((int) (0.06 * steps), 1);
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int at = window; at <= steps; at += window) {
            out.add(at);
            window = Math.max(window - decrement, minimum);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * One APGD run on the examples {@code ids} of {@code request} that are not {@code done}, maximising
     * {@code loss} under {@code lossCriterion} (APGD-T passes a targeted criterion here) while success is judged
     * by the request's criterion. Returns inputs for all of {@code ids} (unchanged where done).
     */
    static Run run(CountingModel counting, AttackRequest request, int[] ids, boolean[] done, Loss loss,
            Criterion lossCriterion, Params params) {
        int n = ids.length;
        INDArray inputs = Tensors.rows(request.inputs(), ids);
        INDArray out = inputs.dup();
        boolean[] broken = done.clone();
        int[] iterations = new int[n];
        int[] positions = Tensors.where(done, false);
        if (positions.length == 0) {
            return new Run(out, broken, iterations);
        }
        Active active = new Active(positions);
        State s = new State();
        s.origin = Tensors.rows(inputs, positions);
        s.epsilon = Tensors.column(Tensors.pick(Tensors.pick(request.epsilons(), ids), positions),
                inputs.dataType());
        s.success = request.criterion().select(ids).select(positions);
        s.lossCriterion = lossCriterion.select(positions);
        s.ids = Tensors.pick(ids, positions);
        Norm norm = params.norm();
        Random rng = SeededRandom.of(request.seed());
        INDArray t = norm == Norm.LINF
                ? Nd4j.rand(rng, s.origin.rows(), s.origin.columns()).castTo(inputs.dataType()).muli(2).subi(1)
                : Nd4j.randn(new long[] {s.origin.rows(), s.origin.columns()}, rng).castTo(inputs.dataType());
        s.x = request.bounds().clipi(s.origin.add(t.divColumnVector(Norm.floored(norm.of(t)))
                .muliColumnVector(s.epsilon)));
        if (norm == Norm.LINF) {
            // the L∞ ball ∩ the data range is the box [max(x₀ − ε, lo), min(x₀ + ε, hi)] (x₀ lies in the range):
            // one clamp to it per projection instead of the ball's six ops and the range's two
            s.lower = Transforms.max(s.origin.subColumnVector(s.epsilon), request.bounds().lower(), false);
            s.upper = Transforms.min(s.origin.addColumnVector(s.epsilon), request.bounds().upper(), false);
        }
        s.previous = s.x.dup();
        s.stepSize = s.epsilon.mul(2.0);
        // loss and gradient at the starting point (examples already adversarial there are done)
        Checked checked = checkAndStep(counting, loss, s, active, out, broken);
        if (active.isEmpty()) {
            return new Run(out, broken, iterations);
        }
        INDArray logits = checked.logits();
        Loss.Evaluation start = loss.evaluate(logits, s.lossCriterion);
        s.gradient = checked.gradient();
        s.loss = start.value();
        s.best = s.x.dup();
        s.bestGradient = s.gradient.dup();
        s.bestLoss = s.loss.dup();
        s.bestAtLastCheck = s.bestLoss.dup();
        s.reducedAtLastCheck = Nd4j.onesLike(s.loss);
        s.increases = Nd4j.zerosLike(s.loss);

        int[] checkpoints = checkpoints(params.steps());
        int nextCheck = 0;
        int lastCheck = 0;
        // every array a step replaces is freed at once (they are all this loop's own): memory left to the garbage
        // collector is not reused, and fresh memory costs page faults on every iteration
        for (int i = 0; i < params.steps() && !active.isEmpty(); i++) {
            INDArray momentumTerm = s.x.sub(s.previous);
            s.previous = replaced(s.previous, s.x.dup());
            double a = i > 0 ? MOMENTUM : 1.0;
            INDArray direction = norm == Norm.LINF ? Transforms.sign(s.gradient, true) : norm.unitDirection(s.gradient);
            INDArray z = s.project(s.x.add(direction.muliColumnVector(s.stepSize)), norm, request.bounds());
            Buffers.release(direction);
            INDArray next = s.x.add(z.subi(s.x).muli(a)).addi(momentumTerm.muli(1 - a));
            Buffers.release(z);
            Buffers.release(momentumTerm);
            s.x = replaced(s.x, s.project(next, norm, request.bounds()));

            for (int id : active.ids()) {
                iterations[id]++;
            }
            checked = checkAndStep(counting, loss, s, active, out, broken);
            if (active.isEmpty()) {
                break;
            }
            logits = checked.logits();
            Loss.Evaluation evaluation = loss.evaluate(logits, s.lossCriterion);
            s.gradient = replaced(s.gradient, checked.gradient());
            INDArray current = evaluation.value();
            s.increases.addi(current.gt(s.loss).castTo(current.dataType()));
            s.loss = current;
            INDArray improved = current.gt(s.bestLoss).castTo(current.dataType());
            s.best = replaced(s.best, blend(improved, s.x, s.best));
            s.bestGradient = replaced(s.bestGradient, blend(improved, s.gradient, s.bestGradient));
            s.bestLoss = blend(improved, current, s.bestLoss);
            if (nextCheck < checkpoints.length && i + 1 == checkpoints[nextCheck]) {
                int window = checkpoints[nextCheck] - lastCheck;
                // condition 1: the loss rose in at most ρ·window of the window's steps;
                // condition 2: step not halved at the last check and the best loss did not improve since.
                INDArray oscillating = s.increases.lte(params.rho() * window).castTo(s.loss.dataType());
                INDArray stalled = s.reducedAtLastCheck.rsub(1.0)
                        .muli(s.bestLoss.gt(s.bestAtLastCheck).castTo(s.loss.dataType()).rsubi(1.0));
                INDArray reduce = Transforms.max(oscillating, stalled, false);
                s.reducedAtLastCheck = reduce.dup();
                s.bestAtLastCheck = s.bestLoss.dup();
                s.stepSize.muli(reduce.mul(-0.5).addi(1.0));
                s.x = replaced(s.x, blend(reduce, s.best, s.x));
                s.gradient = replaced(s.gradient, blend(reduce, s.bestGradient, s.gradient));
                s.increases.assign(0.0);
                lastCheck = checkpoints[nextCheck++];
            }
        }
        Tensors.putRows(out, active.ids(), s.best);
        return new Run(out, broken, iterations);
    }

    /**
     * The adversarial check at the current point and the loss gradients of the rows that stay: from one forward pass
     * when the model shares it (the retired rows' gradients are dropped), else a check and then gradients for the
     * remaining rows only. Retires the rows the check shows adversarial.
     */
    private static Checked checkAndStep(CountingModel counting, Loss loss, State s, Active active, INDArray out,
            boolean[] broken) {
        if (!counting.model().sharesForwardPass()) {
            INDArray logits = s.retire(active, counting.logits(s.x, s.ids), out, broken);
            INDArray gradient = active.isEmpty() ? null
                    : counting.vectorJacobian(s.x, loss.evaluate(logits, s.lossCriterion).seed(), s.ids);
            return new Checked(logits, gradient);
        }
        Criterion rows = s.lossCriterion;
        AttackModel.Evaluation evaluation = counting.evaluate(s.x, z -> loss.evaluate(z, rows).seed(), s.ids);
        boolean[] adversarial = s.success.isAdversarial(evaluation.logits());
        int[] keep = Tensors.where(adversarial, false);
        INDArray logits = s.retire(active, evaluation.logits(), out, broken);
        INDArray gradient = keep.length == adversarial.length || keep.length == 0 ? evaluation.gradient()
                : Tensors.rows(evaluation.gradient(), keep);
        if (gradient != evaluation.gradient()) {
            Buffers.release(evaluation.gradient());
        }
        return new Checked(logits, gradient);
    }

    /** Logits and loss gradients of the rows still active after a check. */
    private record Checked(INDArray logits, INDArray gradient) {
    }

    /** {@code next}, after freeing {@code old} (an array of this attack's own that nothing else holds). */
    private static INDArray replaced(INDArray old, INDArray next) {
        if (old != next) {
            Buffers.release(old);
        }
        return next;
    }

    /** Row-wise choice: rows of {@code a} where {@code mask} is 1, of {@code b} elsewhere. */
    static INDArray blend(INDArray mask, INDArray a, INDArray b) {
        return a.mulColumnVector(mask).addi(b.mulColumnVector(mask.rsub(1.0)));
    }

    /** Per-example state of the still-active examples (rows aligned with the active ids). */
    private static final class State {
        int[] ids;
        INDArray origin;
        INDArray epsilon;
        Criterion success;
        Criterion lossCriterion;
        INDArray x;
        INDArray previous;
        INDArray stepSize;
        INDArray gradient;
        INDArray loss;
        INDArray best;
        INDArray bestGradient;
        INDArray bestLoss;
        INDArray bestAtLastCheck;
        INDArray reducedAtLastCheck;
        INDArray increases;
        /** The L∞ box of every row (ball ∩ data range), null for the other norms. */
        INDArray lower;
        INDArray upper;

        /** {@code z} projected onto the ε-ball ∩ the data range, in place. */
        INDArray project(INDArray z, Norm norm, Bounds bounds) {
            if (lower != null) {
                return Transforms.min(Transforms.max(z, lower, false), upper, false);
            }
            return bounds.clipi(norm.clipToBall(z, origin, epsilon));
        }

        /**
         * Records the rows of the current point that {@code logits} (taken there) show adversarial, drops them
         * from every array, and returns the logits of the remaining rows.
         */
        INDArray retire(Active active, INDArray logits, INDArray out, boolean[] broken) {
            boolean[] adversarial = success.isAdversarial(logits);
            int[] hit = Tensors.where(adversarial, true);
            if (hit.length == 0) {
                return logits;
            }
            int[] positions = active.idsOf(adversarial);
            INDArray finishedRows = Tensors.rows(x, hit);
            Tensors.putRows(out, positions, finishedRows);
            Buffers.release(finishedRows);
            for (int p : positions) {
                broken[p] = true;
            }
            int[] keep = active.retire(adversarial);
            if (keep.length == 0) {
                return logits;
            }
            // every array compacted here is this loop's own
            ids = Tensors.pick(ids, keep);
            origin = Tensors.compact(origin, keep);
            epsilon = Tensors.compact(epsilon, keep);
            success = success.select(keep);
            lossCriterion = lossCriterion.select(keep);
            x = Tensors.compact(x, keep);
            previous = Tensors.compact(previous, keep);
            stepSize = Tensors.compact(stepSize, keep);
            lower = lower == null ? null : Tensors.compact(lower, keep);
            upper = upper == null ? null : Tensors.compact(upper, keep);
            if (loss != null) {
                loss = Tensors.compact(loss, keep);
                gradient = Tensors.compact(gradient, keep);
                best = Tensors.compact(best, keep);
                bestGradient = Tensors.compact(bestGradient, keep);
                bestLoss = Tensors.compact(bestLoss, keep);
                bestAtLastCheck = Tensors.compact(bestAtLastCheck, keep);
                reducedAtLastCheck = Tensors.compact(reducedAtLastCheck, keep);
                increases = Tensors.compact(increases, keep);
            }
            return Tensors.rows(logits, keep);
        }
    }
}
