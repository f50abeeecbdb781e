package dev.cusp.core.singularity.parameter;

import dev.cusp.core.diff.HessianVectorProducts;
import dev.cusp.core.linalg.SeededRandom;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The top eigenvalues of the loss Hessian (largest in magnitude) by power iteration on Hessian–vector
 * products with deflation against the eigenvectors already found, as PyHessian's {@code eigenvalues}
 * ({@code pyhessian/hessian.py}): stop when the Rayleigh quotient changes by less than tol relative. The products
 * are exact for dense networks ({@link HessianVectorProducts#ofLoss}); central differences on ReLU CNNs can straddle
 * kinks and give spurious eigenvalues (docs/singularities.md, "Loss Hessian").
 */
public final class HessianTopEigenvalues {

    /**
     * @param topK    how many eigenvalues
     * @param maxIter power iterations per eigenvalue
     * @param tol     relative change |λ_t − λ_{t−1}|/(|λ_{t−1}| + 1e-6) that stops the iteration
     * @param seed    seed of the Gaussian start vectors
     */
    public record Parameters(int topK, int maxIter, double tol, long seed) {
        /** PyHessian's defaults: {@code top_n=1, maxIter=100, tol=1e-3}. */
        public static final int TOP_K = 1;
        public static final int MAX_ITER = 100;
        public static final double TOL = 1e-3;

        public static Parameters defaults(long seed) {
            return new Parameters(TOP_K, MAX_ITER, TOL, seed);
        }
    }

    /**
     * @param eigenvalues descending in magnitude order of discovery
     * @param iterations  power iterations used per eigenvalue
     * @param converged   whether each met the tolerance within maxIter
     */
    public record Result(double[] eigenvalues, int[] iterations, boolean[] converged, long products, Parameters parameters) {
    }

    private HessianTopEigenvalues() {
    }

    public static Result compute(HessianVectorProducts hvp, Parameters p) {
        SeededRandom.seedGlobal(p.seed());
        List<INDArray> found = new ArrayList<>();
        double[] values = new double[p.topK()];
        int[] iterations = new int[p.topK()];
        boolean[] converged = new boolean[p.topK()];
        for (int k = 0; k < p.topK(); k++) {
            INDArray v = orthonormal(Nd4j.randn(DataType.DOUBLE, hvp.dimension()), found);
            double eig = Double.NaN;
            int it = 0;
            for (; it < p.maxIter(); it++) {
                INDArray hv = hvp.apply(v);
                double next = hv.mul(v).sumNumber().doubleValue();
                INDArray w = orthonormal(hv, found);
                boolean stop = !Double.isNaN(eig) && Math.abs(next - eig) / (Math.abs(eig) + 1e-6) < p.tol();
                eig = next;
                if (stop) {
                    converged[k] = true;
                    it++;
                    break;
                }
                v = w;
            }
            values[k] = eig;
            iterations[k] = it;
            found.add(v);
        }
        return new Result(values, iterations, converged, hvp.products(), p);
    }

    /** v with the components along the found vectors removed, normalised (PyHessian's {@code orthnormal}). */
    private static INDArray orthonormal(INDArray v, List<INDArray> basis) {
        INDArray w = v.dup();
        for (INDArray b : basis) {
            w.subi(b.mul(w.mul(b).sumNumber().doubleValue()));
        }
        double n = w.norm2Number().doubleValue();
        return n > 0 ? w.divi(n) : w;
    }
}
