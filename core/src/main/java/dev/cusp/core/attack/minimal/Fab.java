package dev.cusp.core.attack.minimal;

import dev.cusp.core.attack.Attack;
import dev.cusp.core.attack.AttackModel;
import dev.cusp.core.attack.AttackRequest;
import dev.cusp.core.attack.AttackResult;
import dev.cusp.core.attack.CountingModel;
import dev.cusp.core.attack.Misclassification;
import dev.cusp.core.attack.Norm;
import dev.cusp.core.attack.Outcomes;
import dev.cusp.core.attack.Repeated;
import dev.cusp.core.attack.Tensors;
import dev.cusp.core.linalg.SeededRandom;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Fast Adaptive Boundary attack (Croce &amp; Hein 2020, "Minimally distorted adversarial examples with a fast
 * adaptive boundary attack", Algorithm 1), L∞ and L2: linearise the boundary to the closest class (FAB) or to
 * one target class at a time (FAB-T, the target ranked 2, 3, ... by the clean logits), project both the current
 * point and the original onto it inside the box, step to a convex combination of the two projections
 * (weight α ≤ α_max, overshoot η), and after an adversarial step move back towards the original by β.
 * Minimal-norm; success means misclassification within ε (FAB-T moves on to the next target for points whose
 * adversarial is still larger than ε, as AutoAttack does).
 */
public final class Fab implements Attack {

    /** Floor of projection norms (a₀ in the reference). */
    static final double NORM_FLOOR = 1e-8;
    /** Radius of restarts' random start for an unbounded request (the reference's default ε per norm). */
    static final double DEFAULT_START_LINF = 0.3;
    static final double DEFAULT_START_L2 = 1.0;

    /**
     * Iterations, restarts, α_max, η, β and target classes (0: untargeted FAB over all classes). Defaults are
     * the paper's and AutoAttack's: 100 iterations, α_max = 0.1, η = 1.05, β = 0.9; FAB-T uses 9 targets.
     */
    public record Params(Norm norm, int steps, int restarts, double alphaMax, double eta, double beta, int targets) {
        public Params {
            if (norm != Norm.LINF && norm != Norm.L2) {
                throw new IllegalArgumentException("FAB supports linf and l2, got " + norm);
            }
            if (steps < 1 || restarts < 1 || !(alphaMax >= 0 && alphaMax <= 1) || !(eta >= 1) || !(beta > 0 && beta <= 1)
                    || targets < 0) {
                throw new IllegalArgumentException("FAB needs steps, restarts >= 1, alphaMax in [0,1], eta >= 1, beta in"
                        + " (0,1], targets >= 0; got " + steps + ", " + restarts + ", " + alphaMax + ", " + eta + ", "
                        + beta + ", " + targets);
            }
        }

        public static Params untargeted(Norm norm) {
            return new Params(norm, 100, 1, 0.1, 1.05, 0.9, 0);
        }

        public static Params targeted(Norm norm) {
            return new Params(norm, 100, 1, 0.1, 1.05, 0.9, 9);
        }

        public Params withSteps(int newSteps) {
            return new Params(norm, newSteps, restarts, alphaMax, eta, beta, targets);
        }

        public Params withTargets(int newTargets) {
            return new Params(norm, steps, restarts, alphaMax, eta, beta, newTargets);
        }
    }

    private final Params params;

    public Fab(Params params) {
        this.params = params;
    }

    public static Fab targeted(Norm norm) {
        return new Fab(Params.targeted(norm));
    }

    public static Fab untargeted(Norm norm) {
        return new Fab(Params.untargeted(norm));
    }

    @Override
    public String name() {
        return params.targets() > 0 ? "fab-t" : "fab";
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
            throw new IllegalArgumentException("FAB is run with an untargeted criterion (FAB-T picks its own targets)");
        }
        int n = request.size();
        CountingModel counting = new CountingModel(model, n);
        INDArray clean = counting.logits(request.inputs(), IntStream.range(0, n).toArray());
        boolean[] done = request.criterion().isAdversarial(clean);
        INDArray adversarial = request.inputs().dup();
        double[] best = new double[n];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        int[] iterations = new int[n];
        int targets = params.targets() == 0 ? 1 : Math.min(params.targets(), model.classes() - 1);
        int[][] ranked = Tensors.ranked(clean, targets + 1);
        double[] eps = request.epsilons();
        int run = 0;
        for (int r = 1; r <= targets; r++) {
            for (int restart = 0; restart < params.restarts(); restart++, run++) {
                int[] rows = Tensors.where(done, false);
                if (rows.length == 0) {
                    break;
                }
                int[] target = params.targets() == 0 ? null : Tensors.pick(ranked[r], rows);
                Random rng = SeededRandom.of(request.seed() + run * Repeated.SEED_STRIDE);
                singleRun(counting, request, rows, target, restart > 0, rng, adversarial, best, iterations);
                for (int row : rows) {
                    done[row] = Outcomes.withinBudget(best[row], eps[row]) && Double.isFinite(best[row]);
                }
            }
        }
        return Outcomes.of(name(), params.norm(), model, request, adversarial, iterations, counting);
    }

    /** One FAB run on {@code rows}; improves {@code adversarial}/{@code best} in place where it finds smaller ones. */
    private void singleRun(CountingModel counting, AttackRequest request, int[] rows, int[] target, boolean randomStart,
            Random rng, INDArray adversarial, double[] best, int[] iterations) {
        Norm norm = params.norm();
        INDArray origin = Tensors.rows(request.inputs(), rows);
        DataType type = origin.dataType();
        int[] labels = Tensors.pick(request.criterion().labels(), rows);
        Misclassification criterion = new Misclassification(labels);
        INDArray x = origin.dup();
        if (randomStart) {
            double[] radius = new double[rows.length];
            for (int k = 0; k < rows.length; k++) {
                double fallback = norm == Norm.LINF ? DEFAULT_START_LINF : DEFAULT_START_L2;
                double eps = Double.isFinite(request.epsilons()[rows[k]]) ? request.epsilons()[rows[k]] : fallback;
                radius[k] = Math.min(best[rows[k]], eps) / 2;
            }
            INDArray t = norm == Norm.LINF
                    ? Nd4j.rand(rng, x.rows(), x.columns()).castTo(type).muli(2).subi(1)
                    : Nd4j.randn(new long[] {x.rows(), x.columns()}, rng).castTo(type);
            x.addi(t.divColumnVector(Norm.floored(norm.of(t))).muliColumnVector(Tensors.column(radius, type)));
            request.bounds().clipi(x);
        }
        int m = rows.length;
        INDArray stack = Nd4j.vstack(origin, origin);
        for (int step = 0; step < params.steps(); step++) {
            INDArray logits = counting.logits(x, rows);
            Linearisation lin = target == null
                    ? closest(counting, rows, x, logits, labels)
                    : toward(counting, rows, x, logits, labels, target);
            // both the current point and the original projected onto {z: w·z = b}
            stack.get(NDArrayIndex.interval(0, m), NDArrayIndex.all()).assign(x);
            INDArray w2 = Nd4j.vstack(lin.normal, lin.normal);
            INDArray b2 = Nd4j.vstack(lin.offset, lin.offset);
            INDArray delta = HyperplaneProjection.project(norm, stack, w2, b2, request.bounds());
            INDArray fromX = delta.get(NDArrayIndex.interval(0, m), NDArrayIndex.all());
            INDArray fromOrigin = delta.get(NDArrayIndex.interval(m, 2 * m), NDArrayIndex.all());
            INDArray sizes = Transforms.max(norm.of(delta), NORM_FLOOR, false);
            INDArray a1 = sizes.get(NDArrayIndex.interval(0, m), NDArrayIndex.all());
            INDArray a2 = sizes.get(NDArrayIndex.interval(m, 2 * m), NDArrayIndex.all());
            INDArray alpha = Transforms.min(Transforms.max(a1.div(a1.add(a2)), 0.0, false), params.alphaMax(), false);
            INDArray keep = alpha.rsub(1.0);
            x = x.add(fromX.mul(params.eta())).muliColumnVector(keep)
                    .addi(origin.add(fromOrigin.mul(params.eta())).muliColumnVector(alpha));
            request.bounds().clipi(x);
            for (int row : rows) {
                iterations[row]++;
            }
            boolean[] adv = criterion.isAdversarial(counting.logits(x, rows));
            double[] dist = Tensors.toArray(norm.of(x.sub(origin)));
            double[] back = new double[m];
            boolean[] improved = new boolean[m];
            for (int k = 0; k < m; k++) {
                back[k] = 1.0;
                if (adv[k]) {
                    if (dist[k] < best[rows[k]]) {
                        best[rows[k]] = dist[k];
                        improved[k] = true;
                    }
                    back[k] = params.beta();
                }
            }
            int[] better = Tensors.where(improved, true);
            Tensors.putRows(adversarial, Tensors.pick(rows, better), Tensors.rows(x, better));
            // backward step: x ← x₀ + β(x − x₀) for the adversarial rows
            x = origin.add(x.sub(origin).muliColumnVector(Tensors.column(back, type)));
        }
    }

    /** The linearised boundary {z: w·z = b}, w [m,d], b [m,1]. */
    private record Linearisation(INDArray normal, INDArray offset) {
    }

    /** FAB-T: f_t − f_y linearised at x. */
    private static Linearisation toward(CountingModel counting, int[] rows, INDArray x, INDArray logits, int[] labels,
            int[] target) {
        int c = (int) logits.columns();
        INDArray seed = Tensors.oneHot(target, c, x.dataType()).subi(Tensors.oneHot(labels, c, x.dataType()));
        INDArray w = counting.vectorJacobian(x, seed, rows);
        INDArray gap = logits.mul(seed).sum(true, 1);
        return new Linearisation(w, w.mul(x).sum(true, 1).subi(gap));
    }

    /** FAB: among all classes l ≠ y, the linearised boundary closest in the attack norm. */
    private Linearisation closest(CountingModel counting, int[] rows, INDArray x, INDArray logits, int[] labels) {
        int m = rows.length;
        int c = (int) logits.columns();
        DataType type = x.dataType();
        INDArray own = Tensors.oneHot(labels, c, type);
        INDArray[] seeds = new INDArray[c];
        int[] rowIds = new int[m * c];
        for (int k = 0; k < c; k++) {
            int[] cls = new int[m];
            Arrays.fill(cls, k);
            seeds[k] = Tensors.oneHot(cls, c, type).subi(own);
            System.arraycopy(rows, 0, rowIds, k * m, m);
        }
        INDArray gradients = counting.vectorJacobian(Tensors.tile(x, c), Nd4j.vstack(seeds), rowIds);
        Norm dual = params.norm().dual();
        INDArray distances = Nd4j.create(type, m, c);
        for (int k = 0; k < c; k++) {
            INDArray g = gradients.get(NDArrayIndex.interval(k * m, (k + 1) * m), NDArrayIndex.all());
            INDArray gap = Transforms.abs(logits.mul(seeds[k]).sum(true, 1), false);
            INDArray d = gap.divi(dual.of(g).addi(1e-12));
            // the label's own "boundary" never wins
            distances.putColumn(k, d.addi(own.getColumn(k).reshape(m, 1).mul(1e10)));
        }
        INDArray chosen = Tensors.oneHot(Tensors.argMin(distances), c, type);
        INDArray w = Nd4j.zerosLike(x);
        INDArray gap = Nd4j.zeros(type, m, 1);
        for (int k = 0; k < c; k++) {
            INDArray pick = chosen.getColumn(k).reshape(m, 1);
            w.addi(gradients.get(NDArrayIndex.interval(k * m, (k + 1) * m), NDArrayIndex.all()).mulColumnVector(pick));
            gap.addi(logits.mul(seeds[k]).sum(true, 1).muli(pick));
        }
        return new Linearisation(w, w.mul(x).sum(true, 1).subi(gap));
    }
}
