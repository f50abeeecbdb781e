package dev.cusp.core.singularity;

import java.util.Arrays;

/**
 * The thresholds behind every {@link Label}, reported with each labelling. The literature gives none for most
 * of them; the defaults are the proposals of shared/research/anchors-singularity.md §2 unless noted.
 *
 * @param fragileLinf            FRAGILE when the first-order L∞ distance or CLEVER-L∞ is below this budget (NaN: off)
 * @param fragileL2              FRAGILE when the first-order L2 distance or CLEVER-L2 is below this budget (NaN: off)
 * @param junctionFacetRatio     JUNCTION when r₁/r₂ ≥ this (r₂/r₁ ≤ 1.2) ...
 * @param junctionParallelCosine ... and the two facet normals are not parallel, |cos| &lt; this ...
 * @param junctionDistance       ... and the second facet is nearer than this (L2; the anchors' "gap to the
 *                               third class small"; NaN switches the facet rule off)
 * @param junctionTies           JUNCTION when at least this many classes tie at the boundary crossing
 * @param illConditionedKappa    ILL_CONDITIONED when κ(J) exceeds this
 * @param kinkRelative           KINK when the ReLU kink distance is below kinkRelative·‖x‖₂ ...
 * @param kinkReference          ... or below this absolute distance (NaN: off; see {@link #withKinkReference})
 * @param sensitiveNorm          SENSITIVE when ‖J‖_F exceeds this (NaN: off; see {@link #withSensitivityReference})
 * @param sliceRadius            FOLD/CUSP when the curve/cusp is within sliceRadius × the attack distance
 */
public record LabelRules(
        double fragileLinf,
        double fragileL2,
        double junctionFacetRatio,
        double junctionParallelCosine,
        double junctionDistance,
        int junctionTies,
        double illConditionedKappa,
        double kinkRelative,
        double kinkReference,
        double sensitiveNorm,
        double sliceRadius) {

    public static final double JUNCTION_FACET_RATIO = 1 / 1.2;
    public static final double JUNCTION_PARALLEL_COSINE = 0.99;
    public static final int JUNCTION_TIES = 3;
    /** log₁₀κ &gt; 2 (a proposal: trained MLP logit Jacobians sit near κ ≈ 5, shared/research/spike-dl4j.md §4). */
    public static final double ILL_CONDITIONED_KAPPA = 100;
    /**
     * 1e-6·‖x‖: numerically on a kink (finite differences and small attack steps straddle it). The anchors'
     * proposal 1e-3·‖x‖ is far too wide for trained MLPs: with 512 ReLUs in 784 dimensions the nearest
     * activation hyperplane of a Fashion-MNIST test image sits at 1e-4 to 2e-3 (‖x‖ ≈ 9, Hanin &amp; Rolnick's
     * 1/#neurons scaling), so it labelled 99 of 100 clean points. "Unusually close" is relative to the model:
     * {@link #withKinkReference}.
     */
    public static final double KINK_RELATIVE = 1e-6;
    /** {@link #withKinkReference}: the 1st percentile of clean points' kink distances. */
    public static final double KINK_QUANTILE = 0.01;
    /** Novak et al. 2018: the 99th percentile of ‖J‖_F over clean (training) points. */
    public static final double SENSITIVE_QUANTILE = 0.99;
    public static final double SLICE_RADIUS = 1.0;

    /**
     * Default rules for the job's threat budgets (NaN switches a norm off); the facet junction rule looks as far
     * as the L2 budget.
     */
    public static LabelRules forBudgets(double epsilonLinf, double epsilonL2) {
        return new LabelRules(epsilonLinf, epsilonL2, JUNCTION_FACET_RATIO, JUNCTION_PARALLEL_COSINE, epsilonL2,
                JUNCTION_TIES, ILL_CONDITIONED_KAPPA, KINK_RELATIVE, Double.NaN, Double.NaN, SLICE_RADIUS);
    }

    /** The same rules with SENSITIVE set at the {@link #SENSITIVE_QUANTILE} of clean points' ‖J‖_F. */
    public LabelRules withSensitivityReference(double[] cleanFrobeniusNorms) {
        double q = quantile(cleanFrobeniusNorms, SENSITIVE_QUANTILE, "sensitivity");
        return new LabelRules(fragileLinf, fragileL2, junctionFacetRatio, junctionParallelCosine, junctionDistance,
                junctionTies, illConditionedKappa, kinkRelative, kinkReference, q, sliceRadius);
    }

    /** The same rules with KINK also below the {@link #KINK_QUANTILE} of clean points' kink distances. */
    public LabelRules withKinkReference(double[] cleanKinkDistances) {
        double q = quantile(cleanKinkDistances, KINK_QUANTILE, "kink");
        return new LabelRules(fragileLinf, fragileL2, junctionFacetRatio, junctionParallelCosine, junctionDistance,
                junctionTies, illConditionedKappa, kinkRelative, q, sensitiveNorm, sliceRadius);
    }

    /** The R-7 (linear interpolation) quantile. */
    static double quantile(double[] values, double p, String what) {
        if (values.length == 0) {
            throw new IllegalArgumentException("the " + what + " reference needs at least one clean point");
        }
        double[] v = values.clone();
        Arrays.sort(v);
        double h = (v.length - 1) * p;
        int lo = (int) Math.floor(h);
        return v[lo] + (h - lo) * (v[Math.min(lo + 1, v.length - 1)] - v[lo]);
    }
}
