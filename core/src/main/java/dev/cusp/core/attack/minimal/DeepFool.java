package dev.cusp.core.attack.minimal;

import dev.cusp.core.attack.Active;
import dev.cusp.core.attack.Attack;
import dev.cusp.core.attack.AttackModel;
import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.AttackResult;
import dev.cusp.core.attack.CountingModel;
import dev.cusp.core.attack.Criterion;
import dev.cusp.core.attack.Norm;
import dev.cusp.core.attack.Outcomes;
import dev.cusp.core.attack.Tensors;
import dev.cusp.core.linalg.Buffers;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * DeepFool (Moosavi-Dezfooli et al. 2016, Algorithms 2 and 3), L2 and L∞: at each step linearise
 * f_k − f_k̂ for the top candidate classes k, move to the nearest linearised boundary
 * (|f'_l|/‖w'_l‖_q + 10⁻⁴ along w'_l, q the dual norm), accumulate the steps r and stop at the first
 * adversarial x₀ + (1 + overshoot)·r. Untargeted; minimal-norm.
 */
public final class DeepFool implements Attack {

    /** Added to the step length to cross the boundary, as in the reference implementation. */
    public static final double STEP_GUARD = 1e-4;

    /** Floor of the gradient norms (Foolbox's 1e-8). */
    public static final double NORM_GUARD = 1e-8;

    /**
     * Steps, overshoot and the number of top classes tried; defaults are the paper's and the reference code's
     * (50 steps, overshoot 0.02) with Foolbox's 10 candidate classes.
     */
    public record Params(Norm norm, int steps, double overshoot, int candidates) {
        public Params {
            if (norm != Norm.L2 && norm != Norm.LINF) {
                throw new IllegalArgumentException("DeepFool supports l2 and linf, got " + norm);
            }
            if (steps < 1 || overshoot < 0 || candidates < 2) {
                throw new IllegalArgumentException("DeepFool needs steps >= 1, overshoot >= 0, candidates >= 2; got "
                        + steps + ", " + overshoot + ", " + candidates);
            }
        }

        public static Params defaults(Norm norm) {
            return new Params(norm, 50, 0.02, 10);
        }
    }

    private final Params params;

    public DeepFool(Params params) {
        this.params = params;
    }

    public static DeepFool l2() {
        return new DeepFool(Params.defaults(Norm.L2));
    }

    public static DeepFool linf() {
        return new DeepFool(Params.defaults(Norm.LINF));
    }

    @Override
    public String name() {
        return "deepfool";
    }

    @Override
    public Norm norm() {
        return params.norm();
    }

    @Override
    public boolean minimizesNorm() {
        return true;
    }

    @Override
    public Params parameters() {
        return params;
    }

    @Override
    public AttackResult run(AttackModel model, AttackRequest request) {
        if (request.criterion().targeted()) {
            throw new IllegalArgumentException("DeepFool is untargeted; use C&W or APGD-T for targeted attacks");
        }
        int n = request.size();
        CountingModel counting = new CountingModel(model, n);
        INDArray inputs = request.inputs();
        INDArray adversarial = inputs.dup();
        int[] iterations = new int[n];
        INDArray logits = counting.logits(inputs, IntStream.range(0, n).toArray());
        int k = Math.min(params.candidates(), (int) logits.columns());
        int[][] ranked = Tensors.ranked(logits, k);
        boolean[] done = request.criterion().isAdversarial(logits);

        Active active = new Active(Tensors.where(done, false));
        if (active.isEmpty()) {
            // every example already meets the criterion: x' = x after no iteration (Foolbox convention)
            return Outcomes.of(name(), params.norm(), model, request, adversarial, iterations, counting);
        }
        int[] ids = active.ids();
        INDArray origin = Tensors.rows(inputs, ids);
        INDArray x = origin.dup();
        INDArray total = Nd4j.zerosLike(origin);
        int[][] classes = new int[k][];
        for (int r = 0; r < k; r++) {
            classes[r] = Tensors.pick(ranked[r], ids);
        }
        Criterion criterion = request.criterion().select(ids);
        for (int step = 0; step < params.steps() && !active.isEmpty(); step++) {
            if (step > 0) {
                logits = counting.logits(x, active.ids());
                boolean[] adv = criterion.isAdversarial(logits);
                INDArray finished = Tensors.rows(x, Tensors.where(adv, true));
                Tensors.putRows(adversarial, active.idsOf(adv), finished);
                Buffers.release(finished);
                int[] keep = active.retire(adv);
                if (active.isEmpty()) {
                    break;
                }
                if (keep.length < adv.length) {
                    // this loop's own arrays, freed as they are compacted (as in the PGD family)
                    origin = Tensors.compact(origin, keep);
                    x = Tensors.compact(x, keep);
                    total = Tensors.compact(total, keep);
                    logits = Tensors.rows(logits, keep);
                    criterion = criterion.select(keep);
                    for (int r = 0; r < k; r++) {
                        classes[r] = Tensors.pick(classes[r], keep);
                    }
                }
            } else {
                logits = Tensors.rows(logits, active.ids());
            }
            INDArray move = step(counting, active.ids(), x, logits, classes);
            total.addi(move);
            Buffers.release(move);
            INDArray scaled = total.mul(1.0 + params.overshoot());
            INDArray previous = x;
            x = request.bounds().clipi(origin.add(scaled));
            Buffers.release(scaled);
            Buffers.release(previous);
            for (int id : active.ids()) {
                iterations[id]++;
            }
        }
        Tensors.putRows(adversarial, active.ids(), x);
        return Outcomes.of(name(), params.norm(), model, request, adversarial, iterations, counting);
    }

    /** The step to the nearest linearised boundary among the candidate classes, per example [m,d]. */
    private INDArray step(CountingModel counting, int[] ids, INDArray x, INDArray logits, int[][] classes) {
        int m = ids.length;
        int others = classes.length - 1;
        DataType type = x.dataType();
        int c = (int) logits.columns();
        INDArray own = Tensors.oneHot(classes[0], c, type);
        INDArray[] seeds = new INDArray[others];
        int[] rowIds = new int[m * others];
        for (int r = 0; r < others; r++) {
            seeds[r] = Tensors.oneHot(classes[r + 1], c, type).subi(own);
            System.arraycopy(ids, 0, rowIds, r * m, m);
        }
        INDArray tiled = Tensors.tile(x, others);
        INDArray gradients = counting.vectorJacobian(tiled, Nd4j.vstack(seeds), rowIds);
        Buffers.release(tiled);
        Norm dual = params.norm().dual();
        INDArray distances = Nd4j.create(type, m, others);
        for (int r = 0; r < others; r++) {
            INDArray w = gradients.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(r * m, (r + 1) * m),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            INDArray gap = Transforms.abs(logits.mul(seeds[r]).sum(true, 1), false);
            distances.putColumn(r, gap.divi(Transforms.max(dual.of(w), NORM_GUARD, false)));
        }
        int[] best = Tensors.argMin(distances);
        INDArray chosen = Tensors.oneHot(best, others, type);
        INDArray w = Nd4j.zerosLike(x);
        for (int r = 0; r < others; r++) {
            INDArray block = gradients.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(r * m, (r + 1) * m),
                    org.nd4j.linalg.indexing.NDArrayIndex.all());
            INDArray weighted = block.mulColumnVector(chosen.getColumn(r).reshape(m, 1));
            w.addi(weighted);
            Buffers.release(weighted);
        }
        Buffers.release(gradients);
        INDArray length = distances.mul(chosen).sum(true, 1).addi(STEP_GUARD);
        if (params.norm() != Norm.L2) {
            return Transforms.sign(w, false).muliColumnVector(length); // in place: w itself
        }
        INDArray step = w.divColumnVector(Transforms.max(Norm.L2.of(w), NORM_GUARD, false)).muliColumnVector(length);
        Buffers.release(w);
        return step;
    }
}
