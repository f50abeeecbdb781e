package dev.cusp.core.attack.minimal;

import dev.cusp.core.attack.Attack;
import dev.cusp.core.attack.AttackModel;
import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.AttackResult;
import dev.cusp.core.attack.CountingModel;
import dev.cusp.core.attack.Criterion;
import dev.cusp.core.attack.Norm;
import dev.cusp.core.attack.Outcomes;
import dev.cusp.core.attack.Tensors;
import dev.cusp.core.attack.loss.MarginLoss;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Carlini–Wagner L2 (Carlini &amp; Wagner 2017, §V): in tanh space x' = a + b·tanh(w), minimise
 * ‖x' − x‖₂² + c·max(m(x') + κ, 0) with Adam, m the criterion margin (f₆); binary search over c per example
 * (×10 until the first success, then bisection), abort early when the loss stops falling, and keep the
 * smallest adversarial found. Untargeted and targeted; minimal-norm.
 */
public final class CarliniWagnerL2 implements Attack {

    /** Adam's β₁, β₂ and ε (Kingma &amp; Ba 2015), as in the reference and Foolbox. */
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double ADAM_EPSILON = 1e-8;
    /** Keeps tanh-space inputs strictly inside (−1, 1), as in the reference. */
    static final double TANH_SHRINK = 0.999999;
    /** Abort early unless the loss fell below this fraction of the last check's. */
    static final double PROGRESS = 0.9999;
    /** Upper bound of c, used once for the repeated last search step. */
    static final double MAX_CONST = 1e10;

    /**
     * Binary-search steps, Adam steps per search step, learning rate, confidence κ, initial c, abort early.
     * Defaults are the reference implementation's (nn_robust_attacks l2_attack.py, and Foolbox):
     * 9 × 10,000 steps, lr 0.01, κ = 0, c₀ = 10⁻³, abort early on.
     */
    public record Params(int binarySearchSteps, int steps, double learningRate, double confidence,
            double initialConst, boolean abortEarly) {
        public static final Params DEFAULTS = new Params(9, 10_000, 1e-2, 0.0, 1e-3, true);

        public Params {
            if (binarySearchSteps < 1 || steps < 1 || !(learningRate > 0) || confidence < 0 || !(initialConst > 0)) {
                throw new IllegalArgumentException("C&W needs binary-search steps >= 1, steps >= 1, learning rate > 0,"
                        + " confidence >= 0 and initial const > 0; got " + binarySearchSteps + ", " + steps + ", "
                        + learningRate + ", " + confidence + ", " + initialConst);
            }
        }

        public Params withSteps(int newBinarySearchSteps, int newSteps) {
            return new Params(newBinarySearchSteps, newSteps, learningRate, confidence, initialConst, abortEarly);
        }
    }

    private final Params params;

    public CarliniWagnerL2(Params params) {
        this.params = params;
    }

    public static CarliniWagnerL2 defaults() {
        return new CarliniWagnerL2(Params.DEFAULTS);
    }

    @Override
    public String name() {
        return "cw-l2";
    }

    @Override
    public Norm norm() {
        return Norm.L2;
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
        int n = request.size();
        CountingModel counting = new CountingModel(model, n);
        INDArray inputs = request.inputs();
        DataType type = inputs.dataType();
        double centre = (request.bounds().lower() + request.bounds().upper()) / 2;
        double half = request.bounds().width() / 2;
        int[] all = IntStream.range(0, n).toArray();
        boolean[] clean = request.criterion().isAdversarial(counting.logits(inputs, all));
        int[] attacked = Tensors.where(clean, false);
        INDArray best = inputs.dup();
        int[] iterations = new int[n];
        if (attacked.length == 0) {
            return Outcomes.of(name(), Norm.L2, model, request, best, iterations, counting);
        }
        INDArray x = Tensors.rows(inputs, attacked);
        INDArray w0 = Transforms.atanh(x.sub(centre).divi(half).muli(TANH_SHRINK), false);
        INDArray reconstructed = Transforms.tanh(w0, true).muli(half).addi(centre);
        Criterion criterion = request.criterion().select(attacked);
        int m = attacked.length;
        double[] consts = new double[m];
        double[] lower = new double[m];
        double[] upper = new double[m];
        double[] bestNorm = new double[m];
        Arrays.fill(consts, params.initialConst());
        Arrays.fill(upper, Double.POSITIVE_INFINITY);
        Arrays.fill(bestNorm, Double.POSITIVE_INFINITY);
        INDArray bestLocal = x.dup();
        for (int search = 0; search < params.binarySearchSteps(); search++) {
            if (search == params.binarySearchSteps() - 1 && params.binarySearchSteps() >= 10) {
                for (int i = 0; i < m; i++) {
                    consts[i] = Math.min(upper[i], MAX_CONST);
                }
            }
            boolean[] found = minimise(counting, attacked, x, w0, reconstructed, criterion, consts, centre, half,
                    bestLocal, bestNorm, iterations, type);
            for (int i = 0; i < m; i++) {
                if (found[i]) {
                    upper[i] = Math.min(upper[i], consts[i]);
                } else {
                    lower[i] = Math.max(lower[i], consts[i]);
                }
                consts[i] = Double.isInfinite(upper[i]) ? consts[i] * 10 : (lower[i] + upper[i]) / 2;
            }
        }
        Tensors.putRows(best, attacked, bestLocal);
        return Outcomes.of(name(), Norm.L2, model, request, best, iterations, counting);
    }

    /**
     * One binary-search step: Adam from δ = 0 with fixed c per example; updates the best adversarials in place
     * and returns which examples found an adversarial with this c.
     */
    private boolean[] minimise(CountingModel counting, int[] ids, INDArray x, INDArray w0, INDArray reconstructed,
            Criterion criterion, double[] consts, double centre, double half, INDArray bestLocal, double[] bestNorm,
            int[] iterations, DataType type) {
        int m = ids.length;
        boolean[] found = new boolean[m];
        int[] rows = IntStream.range(0, m).toArray();
        INDArray delta = Nd4j.zerosLike(x);
        INDArray first = Nd4j.zerosLike(x);
        INDArray second = Nd4j.zerosLike(x);
        INDArray c = Tensors.column(consts, type);
        double[] previous = new double[m];
        Arrays.fill(previous, Double.POSITIVE_INFINITY);
        int checkEvery = (int) Math.ceil(params.steps() / 10.0);
        int[] active = rows.clone();
        for (int step = 0; step < params.steps() && active.length > 0; step++) {
            INDArray w = w0.add(delta);
            INDArray tanh = Transforms.tanh(w, true);
            INDArray perturbed = tanh.mul(half).addi(centre);
            INDArray logits = counting.logits(perturbed, Tensors.pick(ids, active));
            INDArray margin = criterion.margin(logits).addi(params.confidence());
            INDArray hinge = margin.gt(0.0).castTo(type);
            INDArray diff = perturbed.sub(reconstructed);
            INDArray loss = diff.mul(diff).sum(true, 1).addi(Transforms.max(margin, 0.0, true).muli(c));
            INDArray seed = MarginLoss.INSTANCE.seed(logits, criterion).negi().muliColumnVector(hinge.mul(c));
            INDArray gradX = diff.mul(2.0);
            if (hinge.sumNumber().doubleValue() > 0) {
                gradX.addi(counting.vectorJacobian(perturbed, seed, Tensors.pick(ids, active)));
            }
            INDArray gradient = gradX.muli(tanh.mul(tanh).rsubi(1.0).muli(half));
            int t = step + 1;
            first.muli(BETA1).addi(gradient.mul(1 - BETA1));
            second.muli(BETA2).addi(gradient.mul(gradient).muli(1 - BETA2));
            INDArray update = first.div(1 - Math.pow(BETA1, t))
                    .divi(Transforms.sqrt(second.div(1 - Math.pow(BETA2, t)), false).addi(ADAM_EPSILON))
                    .muli(params.learningRate());
            delta.subi(update);

            boolean[] adversarial = params.confidence() == 0
                    ? criterion.isAdversarial(logits)
                    : Tensors.flags(margin.lt(0.0).castTo(type));
            double[] norms = Tensors.toArray(Norm.L2.of(perturbed.sub(x)));
            double[] losses = Tensors.toArray(loss);
            boolean[] stop = new boolean[active.length];
            boolean[] improved = new boolean[active.length];
            for (int i = 0; i < active.length; i++) {
                int local = active[i];
                iterations[ids[local]]++;
                if (adversarial[i]) {
                    found[local] = true;
                    if (norms[i] < bestNorm[local]) {
                        bestNorm[local] = norms[i];
                        improved[i] = true;
                    }
                }
                if (params.abortEarly() && step % checkEvery == 0) {
                    stop[i] = !(losses[i] <= PROGRESS * previous[local]);
                    previous[local] = losses[i];
                }
            }
            int[] better = Tensors.where(improved, true);
            Tensors.putRows(bestLocal, Tensors.pick(active, better), Tensors.rows(perturbed, better));
            if (step % checkEvery == 0 && params.abortEarly()) {
                int[] keep = Tensors.where(stop, false);
                if (keep.length == 0) {
                    break;
                }
                if (keep.length < active.length) {
                    active = Tensors.pick(active, keep);
                    delta = Tensors.rows(delta, keep);
                    first = Tensors.rows(first, keep);
                    second = Tensors.rows(second, keep);
                    w0 = Tensors.rows(w0, keep);
                    x = Tensors.rows(x, keep);
                    reconstructed = Tensors.rows(reconstructed, keep);
                    c = Tensors.rows(c, keep);
                    criterion = criterion.select(keep);
                }
            }
        }
        return found;
    }
}
