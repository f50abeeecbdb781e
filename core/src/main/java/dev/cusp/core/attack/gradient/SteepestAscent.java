package dev.cusp.core.attack.gradient;

import dev.cusp.core.attack.Active;
import dev.cusp.core.attack.AttackModel;
import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.CountingModel;
import dev.cusp.core.attack.Criterion;
import dev.cusp.core.attack.Norm;
import dev.cusp.core.attack.Tensors;
import dev.cusp.core.attack.loss.Loss;
import dev.cusp.core.linalg.Buffers;
import dev.cusp.core.linalg.SeededRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The projected steepest-ascent loop behind FGM, BIM, PGD and MI-FGSM: x ← clip_bounds(Π_ε(x + α·u(g))), with
 * u the norm's unit ascent direction of the loss gradient g (or of the momentum-accumulated gradient,
 * Dong et al. 2018 eq. 6), optional random start in the ε-ball, and per-example early stop: an example leaves
 * the batch as soon as it is adversarial or its steps are spent.
 */
final class SteepestAscent {

    /** How the loop runs: per-example steps and absolute step sizes, random start, momentum μ (0 = none). */
    record Plan(Loss loss, Norm norm, int[] steps, double[] stepSizes, boolean randomStart, double momentum) {
    }

    /** The returned inputs [n,d] and the steps each example took. */
    record Run(INDArray adversarial, int[] iterations) {
    }

    private SteepestAscent() {
    }

    static Run run(CountingModel model, AttackRequest request, Plan plan) {
        int n = request.size();
        INDArray inputs = request.inputs();
        INDArray adversarial = inputs.dup();
        int[] iterations = new int[n];
        int[] all = java.util.stream.IntStream.range(0, n).toArray();
        INDArray cleanLogits = model.logits(inputs, all);
        boolean[] done = request.criterion().isAdversarial(cleanLogits);
        double[] eps = request.epsilons();
        for (int i = 0; i < n; i++) {
            done[i] |= plan.steps()[i] == 0 || eps[i] == 0.0;
        }
        Active active = new Active(Tensors.where(done, false));
        if (active.isEmpty()) {
            return new Run(adversarial, iterations);
        }
        int[] ids = active.ids();
        INDArray origin = Tensors.rows(inputs, ids);
        INDArray epsilon = Tensors.column(Tensors.pick(eps, ids), inputs.dataType());
        INDArray alpha = Tensors.column(Tensors.pick(plan.stepSizes(), ids), inputs.dataType());
        int[] stepsLeft = Tensors.pick(plan.steps(), ids);
        Criterion criterion = request.criterion().select(ids);
        INDArray x = origin.dup();
        INDArray velocity = plan.momentum() > 0 ? Nd4j.zerosLike(origin) : null;
        boolean checkFirst = plan.randomStart();
        if (plan.randomStart()) {
            Random rng = SeededRandom.of(request.seed());
            x.addi(plan.norm().sampleBall(rng, x.rows(), x.columns(), epsilon, x.dataType()));
            request.bounds().clipi(x);
        }
        INDArray logits = Tensors.rows(cleanLogits, ids);
        State state = new State(active, x, origin, epsilon, alpha, stepsLeft, criterion, velocity, logits);
        if (plan.norm() == Norm.LINF) {
            // the L∞ ball ∩ the data range is the box [max(x₀ − ε, lo), min(x₀ + ε, hi)] (x₀ lies in the range):
            // one clamp to it per step instead of the ball's six ops and the range's two
            state.lower = Transforms.max(origin.subColumnVector(epsilon), request.bounds().lower(), false);
            state.upper = Transforms.min(origin.addColumnVector(epsilon), request.bounds().upper(), false);
        }
        while (true) {
            boolean[] spent = new boolean[state.active.size()];
            for (int i = 0; i < spent.length; i++) {
                spent[i] = state.stepsLeft[i] == 0;
            }
            state.retire(spent, adversarial);
            if (state.active.isEmpty()) {
                break;
            }
            INDArray gradient;
            if (checkFirst && model.model().sharesForwardPass()) {
                // one forward pass for the check and the step: the rows that turn out adversarial are retired and
                // their gradients dropped
                Criterion rows = state.criterion;
                AttackModel.Evaluation evaluation = model.evaluate(state.x, z -> plan.loss().seed(z, rows),
                        state.active.ids());
                state.logits = evaluation.logits();
                boolean[] hit = state.criterion.isAdversarial(state.logits);
                int[] keep = Tensors.where(hit, false);
                state.retire(hit, adversarial);
                if (state.active.isEmpty()) {
                    break;
                }
                gradient = keep.length == hit.length ? evaluation.gradient() : Tensors.rows(evaluation.gradient(), keep);
                if (gradient != evaluation.gradient()) {
                    Buffers.release(evaluation.gradient());
                }
            } else {
                if (checkFirst) {
                    state.logits = model.logits(state.x, state.active.ids());
                    state.retire(state.criterion.isAdversarial(state.logits), adversarial);
                    if (state.active.isEmpty()) {
                        break;
                    }
                }
                gradient = model.vectorJacobian(state.x, plan.loss().seed(state.logits, state.criterion),
                        state.active.ids());
            }
            // the step's arrays are freed at once: memory left to the garbage collector is not reused, and fresh
            // memory costs page faults on every iteration (the gradient, the direction and the previous x are this
            // loop's own arrays; x is always a copy, never the caller's input)
            INDArray direction;
            if (state.velocity != null) {
                INDArray normalised = gradient.divColumnVector(Norm.floored(Norm.L1.of(gradient)));
                state.velocity.muli(plan.momentum()).addi(normalised);
                Buffers.release(normalised);
                direction = plan.norm().unitDirection(state.velocity);
            } else {
                direction = plan.norm().unitDirection(gradient);
            }
            Buffers.release(gradient);
            INDArray previous = state.x;
            state.x = state.x.add(direction.muliColumnVector(state.alpha));
            if (state.lower != null) {
                Transforms.min(Transforms.max(state.x, state.lower, false), state.upper, false);
            } else {
                plan.norm().clipToBall(state.x, state.origin, state.epsilon);
                request.bounds().clipi(state.x);
            }
            Buffers.release(direction);
            Buffers.release(previous);
            for (int i = 0; i < state.stepsLeft.length; i++) {
                state.stepsLeft[i]--;
                iterations[state.active.ids()[i]]++;
            }
            checkFirst = true;
        }
        return new Run(adversarial, iterations);
    }

    /** The compacted per-example arrays of the still-active examples. */
    private static final class State {
        final Active active;
        INDArray x;
        INDArray origin;
        INDArray epsilon;
        INDArray alpha;
        int[] stepsLeft;
        Criterion criterion;
        INDArray velocity;
        INDArray logits;
        /** The L∞ box of every row (ball ∩ data range), null for the other norms. */
        INDArray lower;
        INDArray upper;

        State(Active active, INDArray x, INDArray origin, INDArray epsilon, INDArray alpha, int[] stepsLeft,
                Criterion criterion, INDArray velocity, INDArray logits) {
            this.active = active;
            this.x = x;
            this.origin = origin;
            this.epsilon = epsilon;
            this.alpha = alpha;
            this.stepsLeft = stepsLeft;
            this.criterion = criterion;
            this.velocity = velocity;
            this.logits = logits;
        }

        /** Writes the finished rows to {@code out} and drops them from every array. */
        void retire(boolean[] finished, INDArray out) {
            int[] done = Tensors.where(finished, true);
            if (done.length == 0) {
                return;
            }
            INDArray finishedRows = Tensors.rows(x, done);
            Tensors.putRows(out, active.idsOf(finished), finishedRows);
            Buffers.release(finishedRows);
            int[] keep = active.retire(finished);
            if (keep.length == 0) {
                return;
            }
            // every array compacted here is this loop's own copy
            x = Tensors.compact(x, keep);
            origin = Tensors.compact(origin, keep);
            epsilon = Tensors.compact(epsilon, keep);
            alpha = Tensors.compact(alpha, keep);
            logits = Tensors.rows(logits, keep);
            stepsLeft = Tensors.pick(stepsLeft, keep);
            criterion = criterion.select(keep);
            velocity = velocity == null ? null : Tensors.compact(velocity, keep);
            lower = lower == null ? null : Tensors.compact(lower, keep);
            upper = upper == null ? null : Tensors.compact(upper, keep);
        }
    }
}
