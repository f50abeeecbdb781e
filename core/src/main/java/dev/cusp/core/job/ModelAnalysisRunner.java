package dev.cusp.core.job;

import dev.cusp.core.data.LabeledData;
import dev.cusp.core.event.Curvature;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.ModelAnalysis;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.singularity.parameter.GradientFlow;
import dev.cusp.core.singularity.parameter.HessianTopEigenvalues;
import dev.cusp.core.singularity.parameter.HutchinsonTrace;
import dev.cusp.core.singularity.parameter.LayerTable;
import dev.cusp.core.singularity.parameter.ModelLabel;
import dev.cusp.core.singularity.parameter.ModelLabeler;
import dev.cusp.core.singularity.parameter.PowerLawFit;
import dev.cusp.core.singularity.parameter.UnitAnalysis;
import dev.cusp.core.singularity.parameter.WeightSpectrum;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The per-model (parameter-space) analysis of a registered model over a {@link ReferenceBatch} of the data set that
 * matches its input: the layer table ({@link LayerTable}: weight spectra and unit singularities), the per-layer
 * gradient norms ({@link GradientFlow}), the loss curvature with a small budget ({@link HessianTier}) and the model
 * labels ({@link ModelLabeler}; ADVERSARIALLY_FRAGILE needs a job and is left to the job's report).
 */
public final class ModelAnalysisRunner {
    /** Examples over which units, gradients and activations are observed. */
    public static final int EXAMPLES = 512;
    /** The Hessian's small budget: examples of the loss and most iterations of each estimator. */
    public static final int HESSIAN_EXAMPLES = 128;
    public static final int HESSIAN_ITERATIONS = 20;
    /** Seed of the correlation-trap shuffles (the batch and the Hessian probes have their own fixed seeds). */
    public static final long SEED = ReferenceBatch.SEED;

    private ModelAnalysisRunner() {
    }

    /**
     * The data set a model with this input size and class count is analysed on: Fashion-MNIST's test split for
     * 784 inputs and 10 classes, two moons for 2 inputs and 2 classes; empty for anything else.
     */
    public static Optional<DatasetRef> datasetFor(int inputSize, int classes) {
        if (inputSize == 784 && classes == 10) {
            return Optional.of(DatasetRef.fashionMnistTest());
        }
        if (inputSize == 2 && classes == 2) {
            return Optional.of(new DatasetRef(DatasetRef.TWO_MOONS, "all"));
        }
        return Optional.empty();
    }

    public static ModelAnalysis run(String modelId, String modelSha256, Classifier model, DatasetRef dataset,
            LabeledData data) {
        long start = System.nanoTime();
        AttackShardRunner.checkCompatible(model, data);
        LabeledData batch = ReferenceBatch.of(data, EXAMPLES);
        UnitAnalysis.Parameters unitParameters = UnitAnalysis.Parameters.defaults();
        LayerTable.Table table = LayerTable.analyse(model, batch.features(), unitParameters, SEED);
        GradientFlow flow = GradientFlow.of(model, batch.features(), batch.oneHot());
        Curvature curvature = HessianTier.curvature(model.inDouble(),
                ReferenceBatch.of(data, Math.min(HESSIAN_EXAMPLES, batch.size())), HESSIAN_ITERATIONS);
        ModelLabeler.Rules rules = ModelLabeler.Rules.defaults(sgdLearningRate(model.network()));
        ModelLabeler.Labels labels = ModelLabeler.label(table, curvature.topEigenvalue(), flow, Double.NaN, rules);
        List<ModelAnalysis.LayerRow> rows = new ArrayList<>();
        for (LayerTable.Row row : table.rows()) {
            rows.add(row(row, gradientNorm(flow, row.layer())));
        }
        ModelAnalysis.Thresholds thresholds = new ModelAnalysis.Thresholds(unitParameters, rules,
                new HessianTopEigenvalues.Parameters(1, HESSIAN_ITERATIONS, HessianTopEigenvalues.Parameters.TOL,
                        HessianTier.SEED),
                new HutchinsonTrace.Parameters(HESSIAN_ITERATIONS, HutchinsonTrace.Parameters.TOL, HessianTier.SEED),
                WeightSpectrum.WEAK_RANK_LOSS_TOLERANCE, PowerLawFit.EVALS_THRESHOLD, PowerLawFit.MIN_EVALS);
        return new ModelAnalysis(ModelAnalysis.SCHEMA_VERSION, modelId, modelSha256, dataset, batch.size(), SEED, rows,
                curvature, flow.spread(), labels.labels().stream().map(ModelLabel::name).toList(),
                List.copyOf(labels.reasons()), thresholds, (System.nanoTime() - start) / 1_000_000, Instant.now());
    }

    private static ModelAnalysis.LayerRow row(LayerTable.Row row, double gradientNorm) {
        WeightSpectrum s = row.spectrum();
        PowerLawFit fit = s.powerLaw();
        UnitAnalysis.Report u = row.units();
        ModelAnalysis.Units units = u == null ? null : new ModelAnalysis.Units(u.units(), u.dead(), u.saturated(),
                u.eliminatedIn(), u.eliminatedOut(), u.constant(), u.overlapping(), u.activationRank(),
                u.participationRatio());
        return new ModelAnalysis.LayerRow(row.layer(), row.type(), row.activation(), row.inputs(), row.outputs(), units,
                s.rank(), s.rankLoss(), s.weakRankLoss(), s.stableRank(), s.logNorm(), s.logSpectralNorm(),
                fit == null ? Double.NaN : fit.alpha(), fit == null ? Double.NaN : fit.sigma(),
                fit == null ? Double.NaN : fit.xmin(), fit == null ? Double.NaN : fit.ks(), fit == null ? 0 : fit.tail(),
                s.alphaWeighted(), s.marchenkoPastur().bulkMax(), s.marchenkoPastur().spikes(), s.randomizedSpikes(),
                gradientNorm);
    }

    private static double gradientNorm(GradientFlow flow, int layer) {
        for (int k = 0; k < flow.layers().length; k++) {
            if (flow.layers()[k] == layer) {
                return flow.norms()[k];
            }
        }
        return Double.NaN;
    }

    /**
     * η of plain SGD, where λ_max &gt; 2/η is the stability limit of gradient descent (SHARP); NaN for any other
     * updater (Adam and momentum have other limits), which switches SHARP off.
     */
    static double sgdLearningRate(MultiLayerNetwork net) {
        Layer first = net.getLayerWiseConfigurations().getConf(0).getLayer();
        if (first instanceof BaseLayer base) {
            IUpdater updater = base.getIUpdater();
            if (updater instanceof Sgd sgd) {
                return sgd.getLearningRate(net.getIterationCount(), net.getEpochCount());
            }
        }
        return Double.NaN;
    }
}
