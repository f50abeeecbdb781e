package dev.cusp.deploy;

import dev.cusp.core.data.LabeledData;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.Curvature;
import dev.cusp.core.event.ExampleAttack;
import dev.cusp.core.event.MaskingEvidence;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.event.Provenance;
import dev.cusp.core.event.SingularityResults;
import dev.cusp.core.event.SlicePicture;
import dev.cusp.core.job.AttackShardRunner;
import dev.cusp.core.job.AttackSummary;
import dev.cusp.core.job.AttackSummaryAggregator;
import dev.cusp.core.job.JobReport;
import dev.cusp.core.job.LabelReference;
import dev.cusp.core.job.ReportAggregator;
import dev.cusp.core.job.SingularityAggregator;
import dev.cusp.core.job.SingularityReport;
import dev.cusp.core.job.SingularityShardRunner;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.singularity.LabelRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job computed by {@code core} directly, shard by shard as the workers get it: the attack runner, the singularity
 * runner with the label reference of the model and data set, then the three aggregators the report-service uses.
 * Tier times are measured, not computed, so the expected singularity report carries this run's own.
 */
record DirectComputation(List<AttackResults> attacked, List<SingularityResults> analysed, JobReport report,
        AttackSummary attacks, SingularityReport singularity) {

    static DirectComputation of(Classifier model, LabeledData data, List<AttackTask> tasks) {
        LabelReference reference = LabelReference.of(model, data);
        List<AttackResults> attacked = new ArrayList<>();
        List<SingularityResults> analysed = new ArrayList<>();
        for (AttackTask task : tasks) {
            AttackResults shard = AttackShardRunner.run(model, data, task);
            attacked.add(shard);
            analysed.add(SingularityShardRunner.run(model, data, shard, reference));
        }
        List<ExampleAttack> examples = attacked.stream().flatMap(a -> a.examples().stream()).toList();
        List<PointGeometry> points = analysed.stream().flatMap(s -> s.points().stream()).toList();
        JobReport report = ReportAggregator.aggregate(examples, points);
        List<MaskingEvidence> masking = attacked.stream().map(AttackResults::masking).toList();
        List<Provenance> provenance = attacked.stream().map(AttackResults::provenance).toList();
        AttackSummary summary = AttackSummaryAggregator.aggregate(examples, masking, provenance, report);
        LabelRules rules = analysed.stream().map(SingularityResults::rules).filter(Objects::nonNull).findFirst()
                .orElse(null);
        Curvature curvature = analysed.stream().map(SingularityResults::curvature).filter(Objects::nonNull).findFirst()
                .orElse(null);
        List<Map<String, Long>> tierMillis = analysed.stream().map(SingularityResults::tierMillis).toList();
        SingularityReport singularity = SingularityAggregator.aggregate(examples, points, rules, curvature,
                pictures(analysed).size(), tierMillis);
        return new DirectComputation(List.copyOf(attacked), List.copyOf(analysed), report, summary, singularity);
    }

    /** Every slice picture of the job, in shard order. */
    List<SlicePicture> pictures() {
        return pictures(analysed);
    }

    private static List<SlicePicture> pictures(List<SingularityResults> analysed) {
        return analysed.stream().flatMap(s -> s.slices().stream()).toList();
    }
}
