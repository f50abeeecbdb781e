package dev.cusp.core.singularity.parameter;

import dev.cusp.core.diff.HessianVectorProducts;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Hutchinson's estimator of the Hessian trace, tr H = E[vᵀHv] over Rademacher vectors v (Hutchinson 1990),
 * as PyHessian's {@code trace}: average the samples until the running mean changes by less than tol relative; the
 * products are exact for dense networks ({@link HessianVectorProducts#ofLoss}).
 */
public final class HutchinsonTrace {

    /**
     * @param maxIter maximum number of samples
     * @param tol     relative change of the running mean that stops sampling
     * @param seed    seed of the Rademacher vectors
     */
    public record Parameters(int maxIter, double tol, long seed) {
        /** PyHessian's defaults: {@code maxIter=100, tol=1e-3}. */
        public static final int MAX_ITER = 100;
        public static final double TOL = 1e-3;

        public static Parameters defaults(long seed) {
            return new Parameters(MAX_ITER, TOL, seed);
        }
    }

    /**
     * @param trace         the mean of the samples
     * @param standardError sample standard deviation / √samples (0 for a single sample)
     */
    public record Result(double trace, double standardError, double[] samples, Parameters parameters) {
    }

    private HutchinsonTrace() {
    }

    public static Result compute(HessianVectorProducts hvp, Parameters p) {
        Random rnd = new Random(p.seed());
        List<Double> samples = new ArrayList<>();
        double mean = Double.NaN;
        for (int i = 0; i < p.maxIter(); i++) {
            double[] v = new double[hvp.dimension()];
            for (int j = 0; j < v.length; j++) {
                v[j] = rnd.nextBoolean() ? 1.0 : -1.0;
            }
            INDArray rv = Nd4j.createFromArray(v);
            samples.add(hvp.apply(rv).mul(rv).sumNumber().doubleValue());
            double next = samples.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            boolean stop = !Double.isNaN(mean) && Math.abs(next - mean) / (Math.abs(mean) + 1e-6) < p.tol();
            mean = next;
            if (stop) {
                break;
            }
        }
        double[] s = samples.stream().mapToDouble(Double::doubleValue).toArray();
        double var = 0;
        for (double x : s) {
            var += (x - mean) * (x - mean);
        }
        double se = s.length > 1 ? Math.sqrt(var / (s.length - 1) / s.length) : 0;
        return new Result(mean, se, s, p);
    }
}
