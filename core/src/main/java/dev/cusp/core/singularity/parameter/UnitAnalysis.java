package dev.cusp.core.singularity.parameter;

import dev.cusp.core.singularity.NumericalRank;
import dev.cusp.core.singularity.SingularValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Amari singularities of one hidden layer over a data batch (Amari, Park &amp; Ozeki 2006; Orhan &amp; Pitkow
 * 2018): dead units (a ReLU never active), saturated units (a bounded activation with a vanishing derivative
 * almost everywhere), eliminated units (in- or out-weights vanish, or the activation is constant), overlapping
 * pairs (functionally duplicated units), and linear dependence of the activation matrix (numerical rank and
 * participation ratio). Thresholds are proposals (the literature gives none) and are reported with the result.
 */
public final class UnitAnalysis {

    /**
     * Thresholds.
     *
     * @param eliminationRatio     ‖w_i‖ or ‖v_i‖ below this fraction of the layer's median norm: eliminated
     * @param constantVariance     Var[a_i] below this fraction of the median variance: constant unit
     * @param saturationDerivative φ'(z) below this fraction of max φ' counts as saturated at that example
     * @param saturationFraction   saturated on at least this fraction of the batch: a saturated unit
     * @param overlapCosine        weight-cosine pre-filter for overlap candidates
     * @param overlapCorrelation   activation correlation of an overlapping pair
     */
    public record Parameters(
            double eliminationRatio,
            double constantVariance,
            double saturationDerivative,
            double saturationFraction,
            double overlapCosine,
            double overlapCorrelation) {
        public static final double ELIMINATION_RATIO = 1e-3;
        public static final double CONSTANT_VARIANCE = 1e-6;
        public static final double SATURATION_DERIVATIVE = 1e-2;
        public static final double SATURATION_FRACTION = 0.99;
        public static final double OVERLAP_COSINE = 0.9;
        public static final double OVERLAP_CORRELATION = 0.999;

        /** Defaults from the anchors report (P-1: norm ratio 1e-3, variance ratio 1e-6, correlation 0.999). */
        public static Parameters defaults() {
            return new Parameters(ELIMINATION_RATIO, CONSTANT_VARIANCE, SATURATION_DERIVATIVE, SATURATION_FRACTION,
                    OVERLAP_COSINE, OVERLAP_CORRELATION);
        }
    }

    /** The activation families the tests distinguish. */
    public enum Kind {
        /** max(0, z): can die. */
        RELU,
        /** tanh: odd, saturates at ±1 (φ' = 1 − a²). */
        TANH,
        /** logistic: saturates at 0 and 1 (φ' = a(1 − a), max ¼). */
        SIGMOID,
        /** anything else: only the weight and variance tests apply. */
        OTHER
    }

    /**
     * The result for one layer (unit indices are 0-based within the layer).
     *
     * @param activationRank          numerical rank of the [N, n] activation matrix at σ₁·max(N,n)·ε
     * @param participationRatio      (Σσ²)²/Σσ⁴ of the activation matrix, its effective dimension
     */
    public record Report(
            int units,
            int examples,
            int[] dead,
            int[] saturated,
            int[] eliminatedIn,
            int[] eliminatedOut,
            int[] constant,
            List<int[]> overlapping,
            int activationRank,
            double participationRatio,
            Parameters parameters) {
    }

    private UnitAnalysis() {
    }

    /**
     * @param wIn         incoming weights [nIn, n]
     * @param wOut        outgoing weights [n, nOut] (null for none)
     * @param bias        biases [n] or [1,n]
     * @param activations activations over the batch, [N, n], in DOUBLE
     */
    public static Report analyse(INDArray wIn, INDArray bias, INDArray wOut, INDArray activations, Kind kind, Parameters p) {
        int n = (int) wIn.columns();
        if (activations.columns() != n || bias.length() != n || (wOut != null && wOut.rows() != n)) {
            throw new IllegalArgumentException("layer of " + n + " units: activations " + Arrays.toString(activations.shape())
                    + ", bias " + bias.length() + (wOut == null ? "" : ", out-weights " + Arrays.toString(wOut.shape())));
        }
        INDArray a = activations.castTo(DataType.DOUBLE);
        int examples = (int) a.rows();
        double[] inNorm = wIn.castTo(DataType.DOUBLE).norm2(0).toDoubleVector();
        double[] outNorm = wOut == null ? null : wOut.castTo(DataType.DOUBLE).norm2(1).toDoubleVector();
        double[] variance = a.var(false, 0).toDoubleVector();
        double[] maximum = a.max(0).toDoubleVector();
        double[] saturatedShare = kind == Kind.TANH || kind == Kind.SIGMOID ? saturatedShare(a, kind, p) : null;

        List<Integer> dead = new ArrayList<>();
        List<Integer> saturated = new ArrayList<>();
        List<Integer> elimIn = new ArrayList<>();
        List<Integer> elimOut = new ArrayList<>();
        List<Integer> constant = new ArrayList<>();
        double inMedian = median(inNorm);
        double outMedian = outNorm == null ? 0 : median(outNorm);
        double varMedian = median(variance);
        for (int i = 0; i < n; i++) {
            boolean isDead = kind == Kind.RELU && maximum[i] <= 0;
            if (isDead) {
                dead.add(i);
            }
            if (saturatedShare != null && saturatedShare[i] >= p.saturationFraction()) {
                saturated.add(i);
            }
            if (inNorm[i] < p.eliminationRatio() * inMedian) {
                elimIn.add(i);
            }
            if (outNorm != null && outNorm[i] < p.eliminationRatio() * outMedian) {
                elimOut.add(i);
            }
            if (!isDead && variance[i] < p.constantVariance() * varMedian) {
                constant.add(i);
            }
        }
        List<int[]> overlaps = overlaps(wIn, bias, a, variance, p, kind, p.constantVariance() * varMedian);
        double[] sigma = SingularValues.of(a);
        int rank = NumericalRank.rank(sigma, examples, n);
        double s2 = 0;
        double s4 = 0;
        for (double s : sigma) {
            s2 += s * s;
            s4 += s * s * s * s;
        }
        return new Report(n, examples, ints(dead), ints(saturated), ints(elimIn), ints(elimOut), ints(constant),
                overlaps, rank, s4 > 0 ? s2 * s2 / s4 : 0, p);
    }

    /** Per unit, the share of examples where φ'(z)/max φ' is below the saturation threshold. */
    private static double[] saturatedShare(INDArray a, Kind kind, Parameters p) {
        INDArray derivative = kind == Kind.TANH
                ? a.mul(a).rsubi(1.0)
                : a.mul(a.rsub(1.0)).muli(4.0);
        return derivative.lt(p.saturationDerivative()).castTo(DataType.DOUBLE).mean(0).toDoubleVector();
    }

    /**
     * Pairs (i, j), i &lt; j, whose weight vectors (w, b) have cosine ≥ the pre-filter and whose activations
     * correlate ≥ the threshold (|·| for odd activations, where w_i = −w_j also duplicates a unit), both as
     * batched matrix products; units with (near-)constant activations are left out.
     */
    private static List<int[]> overlaps(INDArray wIn, INDArray bias, INDArray a, double[] variance, Parameters p,
            Kind kind, double minVariance) {
        int n = (int) wIn.columns();
        INDArray w = Nd4j.vstack(wIn.castTo(DataType.DOUBLE), bias.castTo(DataType.DOUBLE).reshape(1, n));
        INDArray unitW = w.divRowVector(w.norm2(0).addi(Double.MIN_VALUE));
        double[][] cosine = unitW.transpose().mmul(unitW).toDoubleMatrix();
        INDArray centred = a.subRowVector(a.mean(0));
        INDArray std = Transforms.sqrt(centred.mul(centred).mean(0), true).addi(Double.MIN_VALUE);
        INDArray z = centred.divRowVector(std);
        double[][] corr = z.transpose().mmul(z).divi(a.rows()).toDoubleMatrix();
        boolean odd = kind == Kind.TANH;
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (variance[i] <= minVariance) {
                continue;
            }
            for (int j = i + 1; j < n; j++) {
                if (variance[j] <= minVariance) {
                    continue;
                }
                double c = odd ? Math.abs(cosine[i][j]) : cosine[i][j];
                double r = odd ? Math.abs(corr[i][j]) : corr[i][j];
                if (c >= p.overlapCosine() && r >= p.overlapCorrelation()) {
                    pairs.add(new int[] {i, j});
                }
            }
        }
        return pairs;
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length == 0 ? 0 : c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
