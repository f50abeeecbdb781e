package dev.cusp.core.job;

import dev.cusp.core.data.LabeledData;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.singularity.LabelRules;
import dev.cusp.core.singularity.PointAnalyzer;
import dev.cusp.core.singularity.PointEvidence;
import java.util.Arrays;
import java.util.List;

/**
 * The clean-point population the relative label rules are measured against: ‖J‖_F for SENSITIVE (Novak et al.
 * 2018: the {@link LabelRules#SENSITIVE_QUANTILE} quantile of clean points) and, for dense ReLU networks, the kink
 * distances for KINK (the {@link LabelRules#KINK_QUANTILE} quantile), over a {@link ReferenceBatch}. Computed once per
 * model and data set, so that every shard of every job labels with the same thresholds.
 *
 * @param jacobianNorms finite ‖J‖_F of the reference points
 * @param kinkDistances finite L2 kink distances (empty unless the model is a dense ReLU network)
 */
public record LabelReference(int examples, double[] jacobianNorms, double[] kinkDistances) {

    /** The reference of {@code model} over the {@link ReferenceBatch} of {@code data}, labelled by their labels. */
    public static LabelReference of(Classifier model, LabeledData data) {
        AttackShardRunner.checkCompatible(model, data);
        LabeledData batch = ReferenceBatch.of(data, ReferenceBatch.SIZE);
        List<PointEvidence> evidence = new PointAnalyzer(model).analyse(batch.features(), batch.labels());
        double[] norms = evidence.stream().mapToDouble(PointEvidence::jacobianFrobenius)
                .filter(Double::isFinite).toArray();
        double[] kinks = evidence.stream().filter(e -> e.kink() != null).mapToDouble(e -> e.kink().distanceL2())
                .filter(Double::isFinite).toArray();
        return new LabelReference(batch.size(), norms, kinks);
    }

    /** {@code rules} with the SENSITIVE and KINK references set where this population has values. */
    public LabelRules apply(LabelRules rules) {
        LabelRules out = jacobianNorms.length > 0 ? rules.withSensitivityReference(jacobianNorms) : rules;
        return kinkDistances.length > 0 ? out.withKinkReference(kinkDistances) : out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelReference r && examples == r.examples && Arrays.equals(jacobianNorms, r.jacobianNorms)
                && Arrays.equals(kinkDistances, r.kinkDistances);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * examples + Arrays.hashCode(jacobianNorms)) + Arrays.hashCode(kinkDistances);
    }

    @Override
    public String toString() {
        return "LabelReference[" + examples + " examples, " + jacobianNorms.length + " norms, " + kinkDistances.length
                + " kink distances]";
    }
}
