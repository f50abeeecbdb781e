package dev.cusp.core.singularity.input;

import dev.cusp.core.diff.Spectra;
import dev.cusp.core.singularity.NumericalRank;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Spectrum of a logit Jacobian J ∈ R^{c×d} at one point: all singular values, numerical rank with the
 * tolerance σ₁·max(c,d)·ε, corank min(c,d) − rank, the Thom–Boardman stratum Σ^i with i = dim ker J =
 * d − rank, and κ = σ₁/σ_min(c,d) (infinite when the smallest singular value is exactly zero).
 *
 * @param singularValues descending, min(c,d) of them
 * @param tolerance      σ₁·max(c,d)·eps: singular values at or below it count as zero
 * @param eps            machine epsilon of the precision J was computed in
 */
public record JacobianSpectrum(
        double[] singularValues,
        int outputs,
        int inputs,
        double eps,
        double tolerance,
        int rank,
        int corank,
        int boardmanIndex,
        double conditionNumber) {

    /** Spectrum from singular values already computed for a c×d Jacobian. */
    public static JacobianSpectrum of(double[] descendingSingularValues, int outputs, int inputs, double eps) {
        int k = Math.min(outputs, inputs);
        if (descendingSingularValues.length != k) {
            throw new IllegalArgumentException("a " + outputs + "x" + inputs + " Jacobian has " + k
                    + " singular values, got " + descendingSingularValues.length);
        }
        double tol = NumericalRank.tolerance(descendingSingularValues, outputs, inputs, eps);
        int rank = NumericalRank.rank(descendingSingularValues, tol);
        double smallest = descendingSingularValues[k - 1];
        double kappa = smallest > 0 ? descendingSingularValues[0] / smallest : Double.POSITIVE_INFINITY;
        return new JacobianSpectrum(descendingSingularValues.clone(), outputs, inputs, eps, tol, rank,
                k - rank, inputs - rank, kappa);
    }

    /** Spectra of a batch of Jacobians [n,c,d] computed in double precision (singular values by LAPACK). */
    public static List<JacobianSpectrum> of(INDArray jacobians) {
        double[][] sigma = Spectra.singularValues(jacobians);
        int c = (int) jacobians.size(1);
        int d = (int) jacobians.size(2);
        List<JacobianSpectrum> out = new ArrayList<>(sigma.length);
        for (double[] s : sigma) {
            out.add(of(s, c, d, NumericalRank.EPS_DOUBLE));
        }
        return out;
    }

    /** σ_min/σ₁, the inverse condition number (0 at an exactly singular point). */
    public double inverseCondition() {
        return singularValues[0] > 0 ? singularValues[singularValues.length - 1] / singularValues[0] : 0.0;
    }

    /** True when the numerical rank is below min(c,d). */
    public boolean rankDeficient() {
        return corank > 0;
    }

    /** The stratum name Σ^i, i = dim ker J. */
    public String boardmanClass() {
        return "Σ^" + boardmanIndex;
    }
}
