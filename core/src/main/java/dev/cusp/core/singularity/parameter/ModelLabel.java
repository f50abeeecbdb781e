package dev.cusp.core.singularity.parameter;

/** Parameter-space labels of a model (several may apply). Rules and thresholds: {@link ModelLabeler.Rules}. */
public enum ModelLabel {
    /** dead, eliminated or overlapping units make up a large share of the hidden units (Amari singularities) */
    PLATEAU_PRONE,
    /** a layer's power-law α is below WeightWatcher's 2.0 */
    OVER_TRAINED,
    /** a layer's power-law α is above WeightWatcher's 6.0 */
    UNDER_TRAINED,
    /** a layer has eigenvalues below WeightWatcher's weak-rank tolerance */
    RANK_COLLAPSE,
    /** a layer's shuffled weights still show Marchenko–Pastur spikes */
    CORRELATION_TRAP,
    /** the loss Hessian's top eigenvalue exceeds 2/η, the stability limit of gradient descent at rate η */
    SHARP,
    /** per-layer gradient norms spread over many orders of magnitude */
    GRADIENT_PATHOLOGY,
    /** a large share of the analysed examples is FRAGILE */
    ADVERSARIALLY_FRAGILE,
    /** none of the above */
    HEALTHY
}
