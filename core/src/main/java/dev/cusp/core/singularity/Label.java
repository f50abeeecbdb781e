package dev.cusp.core.singularity;

/**
 * Singularity labels of an analysed point, in priority order (the first that applies is the primary label;
 * several may apply). Rules and thresholds: {@link LabelRules}.
 */
public enum Label {
    /** the loss gradient is zero, NaN, infinite or saturated: gradient-based indicators are unreliable */
    MASKED,
    /** a cusp of the slice map lies within the attack distance */
    CUSP,
    /** three or more classes meet: linearised facets nearly equidistant, or ≥ 3 classes tie at the crossing */
    JUNCTION,
    /** the logit Jacobian loses rank (numerically, or certified on the whole ReLU region) */
    RANK_DEFICIENT,
    /** the critical curve (fold) of the slice map lies within the attack distance */
    FOLD,
    /** a ReLU activation boundary is closer than a small fraction of ‖x‖ */
    KINK,
    /** κ(J) above the threshold */
    ILL_CONDITIONED,
    /** the linearised boundary (or CLEVER) is inside the threat budget */
    FRAGILE,
    /** ‖J‖_F above the reference quantile of clean points */
    SENSITIVE,
    /** none of the above */
    REGULAR
}
