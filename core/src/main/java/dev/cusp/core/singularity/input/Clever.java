package dev.cusp.core.singularity.input;

import dev.cusp.core.diff.Jacobians;
import dev.cusp.core.linalg.SeededRandom;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.singularity.stats.ReverseWeibullFit;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * CLEVER (Weng et al., ICLR 2018): for g = f_ĉ − f_t, sample N_b batches of N_s points uniformly
 * in the threat ball B_p(x₀, R), keep each batch's max ‖∇g‖_q (q the dual norm: 2 for L2, 1 for L∞), fit a
 * reverse Weibull to the maxima ({@link ReverseWeibullFit}) and read the local Lipschitz constant L̂ off its
 * location; CLEVER_t = min(g(x₀)/L̂, R), untargeted = min over t ≠ ĉ, top-2 = the target with the second
 * largest logit. Gradients come from batched vector–Jacobian products (one per batch for a single target, a
 * full Jacobian per batch for all targets), in DOUBLE; samples are clipped to the data range as the reference.
 */
public final class Clever {

    /** Threat norm p (the gradient norm is its dual q). */
    public enum Norm {
        L2,
        LINF
    }

    /**
     * @param batches   N_b, batch maxima collected
     * @param batchSize N_s, points per batch
     * @param radius    R of the sampling ball
     * @param clipMin   data range lower bound (samples are clipped; −∞ for none)
     * @param clipMax   data range upper bound (+∞ for none)
     * @param seed      sampling seed
     */
    public record Parameters(Norm norm, int batches, int batchSize, double radius, double clipMin, double clipMax, long seed) {
        /** {@code collect_gradients.py}: {@code --Niters 500}, {@code --Nsamps 1024}. */
        public static final int BATCHES = 500;
        public static final int BATCH_SIZE = 1024;
        /** Sampling radii of {@code estimate_gradient_norm.py}: L2 samples scaled up to 3, L∞ cube of half-width 0.1. */
        public static final double RADIUS_L2 = 3.0;
        public static final double RADIUS_LINF = 0.1;

        public Parameters {
            if (batches < 2 || batchSize < 1 || !(radius > 0)) {
                throw new IllegalArgumentException("need at least 2 batches, 1 point per batch and a positive radius; got "
                        + batches + ", " + batchSize + ", " + radius);
            }
        }

        /** Reference defaults for a threat norm and a [0,1] data range. */
        public static Parameters defaults(Norm norm, long seed) {
            return new Parameters(norm, BATCHES, BATCH_SIZE, norm == Norm.L2 ? RADIUS_L2 : RADIUS_LINF, 0, 1, seed);
        }

        public Parameters withSampling(int batchCount, int size) {
            return new Parameters(norm, batchCount, size, radius, clipMin, clipMax, seed);
        }
    }

    /**
     * The score against one target.
     *
     * @param margin g(x₀) = f_ĉ(x₀) − f_t(x₀)
     * @param bound  g(x₀)/L̂, the distance below which no perturbation reaches the t-boundary if L̂ is right
     * @param score  min(bound, R)
     */
    public record Score(int target, double margin, ReverseWeibullFit fit, double bound, double score) {
    }

    /**
     * @param top2       against the runner-up class
     * @param untargeted the smallest score over all targets (null when only top-2 was asked)
     * @param perTarget  every target's score when untargeted
     */
    public record Result(int predictedClass, Score top2, Score untargeted, List<Score> perTarget, Parameters parameters) {
    }

    /** Spread of the top-2 score over independent sampling seeds (CLEVER is a sampled estimate, ART #478). */
    public record Spread(double mean, double standardDeviation, double min, double max, double[] scores) {
    }

    private Clever() {
    }

    /** Top-2 CLEVER with seeds seed, seed + 1, ..., seed + runs − 1. */
    public static Spread spread(Classifier model, INDArray x0, Parameters p, int runs) {
        if (runs < 2) {
            throw new IllegalArgumentException("a spread needs at least 2 runs, got " + runs);
        }
        double[] scores = new double[runs];
        for (int k = 0; k < runs; k++) {
            Parameters pk = new Parameters(p.norm(), p.batches(), p.batchSize(), p.radius(), p.clipMin(), p.clipMax(), p.seed() + k);
            scores[k] = compute(model, x0, pk, false).top2().score();
        }
        double mean = java.util.Arrays.stream(scores).average().orElseThrow();
        double var = java.util.Arrays.stream(scores).map(s -> (s - mean) * (s - mean)).sum() / (runs - 1);
        return new Spread(mean, Math.sqrt(var), java.util.Arrays.stream(scores).min().orElseThrow(),
                java.util.Arrays.stream(scores).max().orElseThrow(), scores);
    }

    /** CLEVER at x₀ [1,d]: top-2 always, and untargeted (all c − 1 targets) when asked. */
    public static Result compute(Classifier model, INDArray x0, Parameters p, boolean untargeted) {
        Classifier m = model.inDouble();
        INDArray x = x0.castTo(DataType.DOUBLE).reshape(1, x0.length());
        double[] f = m.logits(x).toDoubleVector();
        int c = f.length;
        int top = 0;
        for (int k = 1; k < c; k++) {
            top = f[k] > f[top] ? k : top;
        }
        int second = MarginGeometry.runnerUp(f, top);
        int[] targets = untargeted ? allBut(top, c) : new int[] {second};
        double[][] maxima = new double[targets.length][p.batches()];
        SeededRandom.seedGlobal(p.seed());
        for (int b = 0; b < p.batches(); b++) {
            INDArray points = sample(x, p);
            INDArray norms = untargeted ? allTargetNorms(m, points, top, targets, p.norm()) : oneTargetNorms(m, points, top, second, p.norm());
            double[] batchMax = norms.max(0).toDoubleVector();
            for (int t = 0; t < targets.length; t++) {
                maxima[t][b] = batchMax[t];
            }
        }
        List<Score> scores = new ArrayList<>();
        Score top2 = null;
        Score worst = null;
        for (int t = 0; t < targets.length; t++) {
            ReverseWeibullFit fit = ReverseWeibullFit.fit(maxima[t]);
            double margin = f[top] - f[targets[t]];
            double bound = margin / fit.lipschitz();
            Score s = new Score(targets[t], margin, fit, bound, Math.min(bound, p.radius()));
            scores.add(s);
            top2 = targets[t] == second ? s : top2;
            worst = worst == null || s.score() < worst.score() ? s : worst;
        }
        return new Result(top, top2, untargeted ? worst : null, untargeted ? scores : List.of(top2), p);
    }

    /** N_s points uniform in the ball around x (L2: Gaussian direction, radius R·U^{1/d}; L∞: uniform cube), clipped. */
    static INDArray sample(INDArray x, Parameters p) {
        int d = (int) x.length();
        INDArray delta;
        if (p.norm() == Norm.L2) {
            INDArray g = Nd4j.randn(DataType.DOUBLE, p.batchSize(), d);
            INDArray radius = Transforms.pow(Nd4j.rand(DataType.DOUBLE, p.batchSize(), 1), 1.0 / d, false).muli(p.radius());
            delta = g.divColumnVector(g.norm2(1).reshape(p.batchSize(), 1)).muliColumnVector(radius);
        } else {
            delta = Nd4j.rand(DataType.DOUBLE, p.batchSize(), d).muli(2).subi(1).muli(p.radius());
        }
        INDArray points = delta.addiRowVector(x);
        if (Double.isFinite(p.clipMin()) || Double.isFinite(p.clipMax())) {
            points = Transforms.min(Transforms.max(points, p.clipMin(), false), p.clipMax(), false);
        }
        return points;
    }

    /** ‖∇(f_top − f_t)‖_q per point for one target, [N_s, 1], from one vector–Jacobian product. */
    private static INDArray oneTargetNorms(Classifier m, INDArray points, int top, int target, Norm norm) {
        INDArray seed = Nd4j.zeros(DataType.DOUBLE, 1, m.classes());
        seed.putScalar(0, top, 1.0);
        seed.putScalar(0, target, -1.0);
        INDArray grads = m.vectorJacobian(points, seed.repeat(0, points.rows()));
        return dual(grads, norm, 1).reshape(points.rows(), 1);
    }

    /** ‖∇(f_top − f_t)‖_q per point and target, [N_s, targets], from the full Jacobians. */
    private static INDArray allTargetNorms(Classifier m, INDArray points, int top, int[] targets, Norm norm) {
        INDArray jac = Jacobians.logits(m, points);
        int n = (int) points.rows();
        INDArray out = Nd4j.create(DataType.DOUBLE, n, targets.length);
        INDArray topRows = jac.get(NDArrayIndex.all(), NDArrayIndex.point(top), NDArrayIndex.all());
        for (int t = 0; t < targets.length; t++) {
            INDArray diff = topRows.sub(jac.get(NDArrayIndex.all(), NDArrayIndex.point(targets[t]), NDArrayIndex.all()));
            out.putColumn(t, dual(diff, norm, 1));
        }
        return out;
    }

    private static INDArray dual(INDArray grads, Norm norm, int dim) {
        return norm == Norm.L2 ? grads.norm2(dim) : grads.norm1(dim);
    }

    private static int[] allBut(int top, int c) {
        int[] t = new int[c - 1];
        for (int k = 0, i = 0; k < c; k++) {
            if (k != top) {
                t[i++] = k;
            }
        }
        return t;
    }
}
