package dev.cusp.core.attack.blackbox;

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
import dev.cusp.core.linalg.SeededRandom;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * HopSkipJump (Chen, Jordan &amp; Wainwright 2020), decision-based, L2 and L∞: start from an adversarial found by
 * uniform noise, then repeat — binary search to the boundary, estimate the boundary's normal from the signs of
 * √t·(initial evaluations) random probes (baseline-subtracted, eq. 16), step along it (sign for L∞) with a
 * geometric step-size search from ‖x' − x‖/√t. Uses only the predicted class. Minimal-norm; with a finite ε an
 * example stops once its adversarial is within ε.
 */
public final class HopSkipJump implements Attack {

    /** Most rows per model call while estimating gradients (bounds memory: rows × d). */
    static final int MAX_ROWS_PER_CALL = 4_096;
    /** Random uniform inputs tried per example to find an adversarial start. */
    static final int START_TRIES = 100;

    /**
     * Iterations, initial and maximal gradient-estimation queries, γ (binary-search threshold γ/(d√d) for L2,
     * γ/d² for L∞). Defaults are the paper's and Foolbox's: 64 iterations, 100 initial and 10,000 maximal
     * evaluations, γ = 1, geometric step-size search.
     */
    public record Params(Norm norm, int steps, int initialEvaluations, int maxEvaluations, double gamma) {
        public Params {
            if (norm != Norm.LINF && norm != Norm.L2) {
                throw new IllegalArgumentException("HopSkipJump supports linf and l2, got " + norm);
            }
            if (steps < 1 || initialEvaluations < 1 || maxEvaluations < initialEvaluations || !(gamma > 0)) {
                throw new IllegalArgumentException("HopSkipJump needs steps >= 1, 1 <= initial <= max evaluations and"
                        + " gamma > 0; got " + steps + ", " + initialEvaluations + ", " + maxEvaluations + ", " + gamma);
            }
        }

        public static Params defaults(Norm norm) {
            return new Params(norm, 64, 100, 10_000, 1.0);
        }

        public Params withSteps(int newSteps, int newInitialEvaluations) {
            return new Params(norm, newSteps, newInitialEvaluations, Math.max(maxEvaluations, newInitialEvaluations),
                    gamma);
        }
    }

    private final Params params;

    public HopSkipJump(Params params) {
        this.params = params;
    }

    public static HopSkipJump defaults(Norm norm) {
        return new HopSkipJump(Params.defaults(norm));
    }

    @Override
    public String name() {
        return "hsj";
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
        int n = request.size();
        CountingModel counting = new CountingModel(model, n);
        INDArray inputs = request.inputs();
        DataType type = inputs.dataType();
        Random rng = SeededRandom.of(request.seed());
        int d = (int) inputs.columns();
        INDArray adversarial = inputs.dup();
        int[] iterations = new int[n];
        boolean[] done = request.criterion().isAdversarial(counting.logits(inputs, IntStream.range(0, n).toArray()));
        Oracle oracle = new Oracle(counting, request.criterion());

        int[] rows = Tensors.where(done, false);
        INDArray start = randomStart(oracle, request.bounds(), rng, rows, inputs, type);
        boolean[] found = new boolean[rows.length];
        for (int k = 0; k < rows.length; k++) {
            found[k] = start.getRow(k).neq(inputs.getRow(rows[k])).any();
        }
        Active active = new Active(Tensors.pick(rows, Tensors.where(found, true)));
        if (active.isEmpty()) {
            return Outcomes.of(name(), norm(), model, request, adversarial, iterations, counting);
        }
        INDArray origin = Tensors.rows(inputs, active.ids());
        INDArray x = Tensors.rows(start, Tensors.where(found, true));
        double[] eps = Tensors.pick(request.epsilons(), active.ids());
        x = boundary(oracle, active.ids(), origin, x, d);
        INDArray distance = norm().of(x.sub(origin));
        for (int t = 0; t < params.steps() && !active.isEmpty(); t++) {
            boolean[] within = withinBudget(distance, eps);
            Tensors.putRows(adversarial, active.idsOf(within), Tensors.rows(x, Tensors.where(within, true)));
            int[] keep = active.retire(within);
            if (active.isEmpty()) {
                break;
            }
            origin = Tensors.rows(origin, keep);
            x = Tensors.rows(x, keep);
            distance = Tensors.rows(distance, keep);
            eps = Tensors.pick(eps, keep);

            INDArray delta = t == 0
                    ? distance.mul(0.0).addi(0.1)
                    : distance.mul(norm() == Norm.L2 ? Math.sqrt(d) * params.gamma() / (d * Math.sqrt(d))
                            : d * params.gamma() / ((double) d * d));
            int evaluations = (int) Math.min(params.initialEvaluations() * Math.sqrt(t + 1), params.maxEvaluations());
            INDArray gradient = estimateGradient(oracle, rng, active.ids(), x, delta, evaluations, request.bounds());
            INDArray update = norm() == Norm.LINF ? Transforms.sign(gradient, false) : gradient;
            INDArray step = distance.div(Math.sqrt(t + 1));
            boolean[] ok = new boolean[active.size()];
            int[] pending = IntStream.range(0, active.size()).toArray();
            while (pending.length > 0) {
                INDArray proposal = request.bounds().clipi(Tensors.rows(x, pending)
                        .add(Tensors.rows(update, pending).mulColumnVector(Tensors.rows(step, pending))));
                boolean[] success = oracle.adversarial(proposal, Tensors.pick(active.ids(), pending));
                for (int k = 0; k < pending.length; k++) {
                    ok[pending[k]] = success[k];
                    if (!success[k]) {
                        step.putScalar(pending[k], 0, step.getDouble(pending[k], 0) / 2);
                    }
                }
                pending = Tensors.pick(pending, Tensors.where(success, false));
                if (pending.length > 0 && step.getDouble(pending[0], 0) == 0.0) {
                    break;
                }
            }
            x = request.bounds().clipi(x.add(update.mulColumnVector(step)));
            x = boundary(oracle, active.ids(), origin, x, d);
            distance = norm().of(x.sub(origin));
            for (int id : active.ids()) {
                iterations[id]++;
            }
        }
        Tensors.putRows(adversarial, active.ids(), x);
        return Outcomes.of(name(), norm(), model, request, adversarial, iterations, counting);
    }

    private static boolean[] withinBudget(INDArray distance, double[] eps) {
        double[] dist = Tensors.toArray(distance);
        boolean[] out = new boolean[dist.length];
        for (int k = 0; k < dist.length; k++) {
            out[k] = Double.isFinite(eps[k]) && Outcomes.withinBudget(dist[k], eps[k]);
        }
        return out;
    }

    /** Decisions only: is each row adversarial for its example (one query per row). */
    private record Oracle(CountingModel model, Criterion criterion) {
        boolean[] adversarial(INDArray x, int[] examples) {
            return criterion.select(examples).isAdversarial(model.logits(x, examples));
        }
    }

    /** Per example, the first of {@link #START_TRIES} uniform random inputs that is adversarial (else the input). */
    private static INDArray randomStart(Oracle oracle, Bounds bounds, Random rng, int[] rows, INDArray inputs,
            DataType type) {
        INDArray start = Tensors.rows(inputs, rows);
        int[] pending = IntStream.range(0, rows.length).toArray();
        for (int tries = 0; tries < START_TRIES && pending.length > 0; tries++) {
            INDArray noise = Nd4j.rand(rng, pending.length, inputs.columns()).castTo(type)
                    .muli(bounds.width()).addi(bounds.lower());
            boolean[] hit = oracle.adversarial(noise, Tensors.pick(rows, pending));
            for (int k = 0; k < pending.length; k++) {
                if (hit[k]) {
                    start.putRow(pending[k], noise.getRow(k));
                }
            }
            pending = Tensors.pick(pending, Tensors.where(hit, false));
        }
        return start;
    }

    /** Binary search between the original and the adversarial x to the boundary (stays on the adversarial side). */
    private INDArray boundary(Oracle oracle, int[] ids, INDArray origin, INDArray x, int d) {
        int m = ids.length;
        double[] high = new double[m];
        double[] low = new double[m];
        double[] threshold = new double[m];
        double[] linf = Tensors.toArray(Norm.LINF.of(x.sub(origin)));
        for (int k = 0; k < m; k++) {
            high[k] = norm() == Norm.L2 ? 1.0 : linf[k];
            threshold[k] = norm() == Norm.L2 ? params.gamma() / (d * Math.sqrt(d)) : high[k] * params.gamma() / d / d;
        }
        int[] pending = IntStream.range(0, m).filter(k -> high[k] - low[k] > threshold[k]).toArray();
        while (pending.length > 0) {
            double[] mid = new double[pending.length];
            for (int k = 0; k < pending.length; k++) {
                mid[k] = (low[pending[k]] + high[pending[k]]) / 2;
            }
            INDArray probe = project(Tensors.rows(origin, pending), Tensors.rows(x, pending),
                    Tensors.column(mid, x.dataType()));
            boolean[] adv = oracle.adversarial(probe, Tensors.pick(ids, pending));
            boolean progress = false;
            for (int k = 0; k < pending.length; k++) {
                int p = pending[k];
                progress |= mid[k] != high[p] && mid[k] != low[p];
                if (adv[k]) {
                    high[p] = mid[k];
                } else {
                    low[p] = mid[k];
                }
            }
            if (!progress) {
                break;
            }
            pending = IntStream.of(pending).filter(k -> high[k] - low[k] > threshold[k]).toArray();
        }
        return project(origin, x, Tensors.column(high, x.dataType()));
    }

    /** L2: the blend (1 − t)·x₀ + t·x; L∞: x clipped to the box of radius t around x₀. */
    private INDArray project(INDArray origin, INDArray x, INDArray t) {
        if (norm() == Norm.L2) {
            return origin.add(x.sub(origin).muliColumnVector(t));
        }
        return Norm.LINF.clipToBall(x.dup(), origin, t);
    }

    /**
     * Monte-Carlo estimate of the boundary normal at x (Chen et al. eq. 16), unit L2 norm per row:
     * mean over probes u_e of (φ_e − φ̄)·u_e, accumulated as Σφ_e·u_e − φ̄·Σu_e so that probes are never stored.
     */
    private INDArray estimateGradient(Oracle oracle, Random rng, int[] ids, INDArray x, INDArray delta, int evaluations,
            Bounds bounds) {
        int m = ids.length;
        long d = x.columns();
        DataType type = x.dataType();
        INDArray signed = Nd4j.zeros(type, m, d);
        INDArray plain = Nd4j.zeros(type, m, d);
        INDArray decisions = Nd4j.zeros(type, m, 1);
        int perCall = Math.max(1, MAX_ROWS_PER_CALL / m);
        for (int from = 0; from < evaluations; from += perCall) {
            int count = Math.min(perCall, evaluations - from);
            INDArray noise = norm() == Norm.L2
                    ? Nd4j.randn(new long[] {(long) count * m, d}, rng).castTo(type)
                    : Nd4j.rand(rng, (long) count * m, d).castTo(type).muli(2).subi(1);
            noise.diviColumnVector(Norm.floored(Norm.L2.of(noise)));
            INDArray tiled = Tensors.tile(x, count);
            INDArray deltas = Tensors.tile(delta, count);
            INDArray perturbed = bounds.clipi(tiled.add(noise.mulColumnVector(deltas)));
            INDArray direction = perturbed.sub(tiled).diviColumnVector(deltas.add(1e-8));
            int[] rowIds = new int[count * m];
            for (int e = 0; e < count; e++) {
                System.arraycopy(ids, 0, rowIds, e * m, m);
            }
            INDArray phi = Tensors.mask(oracle.adversarial(perturbed, rowIds), type).muli(2).subi(1);
            signed.addi(direction.mulColumnVector(phi).reshape(count, m, d).sum(0));
            plain.addi(direction.reshape(count, m, d).sum(0));
            decisions.addi(phi.reshape(count, m).sum(true, 0).reshape(m, 1));
        }
        // baseline: subtract the mean decision unless all probes agree
        INDArray mean = decisions.div(evaluations);
        INDArray unanimous = Transforms.abs(mean, true).eq(1.0).castTo(type);
        INDArray baseline = mean.mul(unanimous.rsub(1.0));
        INDArray gradient = signed.subi(plain.mulColumnVector(baseline)).divi(evaluations);
        return gradient.diviColumnVector(Norm.floored(Norm.L2.of(gradient)));
    }
}
