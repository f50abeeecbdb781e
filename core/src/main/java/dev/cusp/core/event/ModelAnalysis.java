package dev.cusp.core.event;

import dev.cusp.core.singularity.parameter.HessianTopEigenvalues;
import dev.cusp.core.singularity.parameter.HutchinsonTrace;
import dev.cusp.core.singularity.parameter.ModelLabeler;
import dev.cusp.core.singularity.parameter.UnitAnalysis;
import java.time.Instant;
import java.util.List;

/**
 * Topic {@code model.analysis} (key = model id): the parameter-space analysis of a registered model over a batch of
 * its data set — one row per weight layer (WeightWatcher's table shape: weight spectrum, power-law α,
 * Marchenko–Pastur spikes, correlation traps, rank; for hidden dense layers dead, saturated, eliminated, constant and
 * overlapping units and the activation rank), the loss-Hessian top eigenvalue and trace, the per-layer gradient
 * norms, and the model labels ({@code dev.cusp.core.singularity.parameter.ModelLabel}) with their reasons and every
 * threshold used.
 *
 * @param dataset  the data set the batch was drawn from ({@code fashion-mnist}/{@code test} for 784 inputs,
 *                 {@code two-moons} for 2)
 * @param examples size of the batch the units and gradients were observed on
 * @param seed     seed of the batch sample, the shuffles behind the correlation traps and the Hessian probes
 * @param curvature loss curvature over the first {@code curvature.examples()} examples of the batch
 * @param gradientSpread max/min of the layers' gradient norms (∞ when one is zero)
 * @param millis   wall-clock time of the analysis
 */
public record ModelAnalysis(
        int schemaVersion,
        String modelId,
        String modelSha256,
        DatasetRef dataset,
        int examples,
        long seed,
        List<LayerRow> layers,
        Curvature curvature,
        double gradientSpread,
        List<String> labels,
        List<String> reasons,
        Thresholds thresholds,
        long millis,
        Instant analysedAt) {
    public static final int SCHEMA_VERSION = 1;

    /**
     * One weight layer. Spectrum of W (N×M, N ≥ M): numerical rank and rank loss M − rank, weak rank loss (#λ below
     * WeightWatcher's tolerance), stable rank Σλ/λ_max, log₁₀Σλ and log₁₀λ_max; the power-law fit of the eigenvalue
     * tail (α, its standard error, x_min, KS distance, tail size; NaN/0 when too few eigenvalues) and α·log₁₀λ_max;
     * the Marchenko–Pastur bulk edge and spikes, the spikes that survive shuffling (correlation traps); the
     * layer's gradient norm ‖∂L/∂W‖_F of the mean loss.
     *
     * @param units null for the output layer and layers after the first non-dense one
     */
    public record LayerRow(int layer, String type, String activation, int inputs, int outputs, Units units,
            int rank, int rankLoss, int weakRankLoss, double stableRank, double logNorm, double logSpectralNorm,
            double alpha, double alphaSigma, double alphaXmin, double alphaKs, int alphaTail, double alphaWeighted,
            double mpBulkMax, int mpSpikes, int randomizedSpikes, double gradientNorm) {
    }

    /**
     * The Amari singularities of a hidden layer over the batch (unit indices 0-based within the layer): dead,
     * saturated, eliminated (vanishing in- or out-weights), constant and overlapping (duplicated, pairs i &lt; j)
     * units; numerical rank and participation ratio of the activation matrix.
     */
    public record Units(int units, int[] dead, int[] saturated, int[] eliminatedIn, int[] eliminatedOut,
            int[] constant, List<int[]> overlapping, int activationRank, double participationRatio) {
    }

    /** Every threshold behind the table and the labels. */
    public record Thresholds(UnitAnalysis.Parameters units, ModelLabeler.Rules rules,
            HessianTopEigenvalues.Parameters hessian, HutchinsonTrace.Parameters trace, double weakRankLossTolerance,
            double powerLawEvalsThreshold, int powerLawMinEvals) {
    }
}
