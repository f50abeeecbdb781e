package dev.cusp.core.job;

import dev.cusp.core.data.LabeledData;
import dev.cusp.core.data.TensorCodec;
import dev.cusp.core.event.AdversarialBatch;
import dev.cusp.core.event.AttackOutcome;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.Curvature;
import dev.cusp.core.event.ExampleAttack;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.core.event.SingularityResults;
import dev.cusp.core.event.SlicePicture;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.singularity.LabelRules;
import dev.cusp.core.singularity.PointAnalyzer;
import dev.cusp.core.singularity.PointEvidence;
import dev.cusp.core.singularity.SegmentAnalysis;
import dev.cusp.core.singularity.plane.SliceProximity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The singularity analysis of one shard (schema version 2), in DOUBLE. The cheap tier runs at every example's clean
 * input, its adversarial input (the shard's {@link AdversarialBatch}) and the boundary crossing between them
 * ({@link PointAnalyzer}, {@link SegmentAnalysis}); the costly tiers the plan asks for run within its budget: CLEVER
 * and a slice for the first examples of the shard (slices prefer examples whose prediction the attack changed), the
 * loss Hessian over the first examples of shard 0. Every point is labelled with the same {@link LabelRules}: the
 * threat budgets are the largest L∞ and L2 ε of the shard's outcomes, the relative rules come from a
 * {@link LabelReference}. Points are ordered clean (shard order), adversarial, crossing.
 */
public final class SingularityShardRunner {
    /** Tier names as the results report their times. */
    public static final String CHEAP = SingularityPlan.CHEAP;

    private SingularityShardRunner() {
    }

    /**
     * @param reference the clean-point population of the relative label rules (null: SENSITIVE off, KINK by the
     *                  relative rule only)
     */
    public static SingularityResults run(Classifier model, LabeledData data, AttackResults results,
            LabelReference reference) {
        if (results == null || results.exampleIndices() == null || results.exampleIndices().length == 0) {
            throw new IllegalArgumentException("attack results with at least one example index are required");
        }
        SingularityPlan plan = results.singularityPlan() == null ? SingularityPlan.cheap() : results.singularityPlan();
        checkTiers(plan);
        AttackShardRunner.checkCompatible(model, data);
        Classifier exact = model.inDouble();
        int[] indices = results.exampleIndices();
        LabeledData shard = data.select(indices);
        int n = indices.length;
        Map<String, Long> millis = new LinkedHashMap<>();

        long start = System.nanoTime();
        LabelRules rules = rules(results.examples(), reference);
        PointRecords records = new PointRecords(rules, Math.min(exact.classes(), exact.inputSize()));
        PointAnalyzer analyzer = new PointAnalyzer(exact);
        INDArray clean = shard.features().castTo(DataType.DOUBLE);
        int[] labels = shard.labels();
        List<PointEvidence> atClean = analyzer.analyse(clean, labels);
        INDArray adversarial = results.adversarial() == null ? null
                : decode(results.adversarial(), n, model.inputSize()).castTo(DataType.DOUBLE);
        List<SegmentAnalysis> segments = adversarial == null ? null : SegmentAnalysis.of(exact, clean, adversarial);
        List<PointEvidence> atAdversarial = adversarial == null ? null : analyzer.analyse(adversarial, labels);
        List<Integer> crossed = new ArrayList<>();
        for (int i = 0; segments != null && i < n; i++) {
            if (segments.get(i).crossing().found()) {
                crossed.add(i);
            }
        }
        List<PointEvidence> atCrossing = crossed.isEmpty() ? List.of() : analyzer.analyse(
                Nd4j.vstack(crossed.stream().map(i -> segments.get(i).crossing().point()).toArray(INDArray[]::new)),
                crossed.stream().mapToInt(i -> labels[i]).toArray());
        millis.put(CHEAP, elapsed(start));

        Map<Integer, PointGeometry.Clever> clever = new HashMap<>();
        if (plan.has(SingularityPlan.CLEVER)) {
            start = System.nanoTime();
            for (int i = 0; i < Math.min(n, plan.budget().cleverExamples()); i++) {
                clever.put(i, CleverTier.score(exact, clean.getRow(i, true), indices[i], plan.budget()));
            }
            millis.put(SingularityPlan.CLEVER, elapsed(start));
        }
        Map<Integer, SliceTier.Outcome> slices = new HashMap<>();
        if (plan.has(SingularityPlan.SLICES) && segments != null) {
            start = System.nanoTime();
            for (int i : sliceExamples(segments, plan.budget().sliceExamples())) {
                SegmentAnalysis s = segments.get(i);
                slices.put(i, SliceTier.through(exact, indices[i], clean.getRow(i, true), adversarial.getRow(i, true),
                        s.crossing().found() ? s.crossing().tHigh() : Double.NaN, plan.budget().sliceGrid()));
            }
            millis.put(SingularityPlan.SLICES, elapsed(start));
        }
        Curvature curvature = null;
        if (plan.has(SingularityPlan.HESSIAN) && results.shardNo() == 0) {
            start = System.nanoTime();
            int examples = Math.min(n, plan.budget().hessianExamples());
            curvature = HessianTier.curvature(exact, shard.select(range(examples)), plan.budget().hessianIterations());
            millis.put(SingularityPlan.HESSIAN, elapsed(start));
        }

        List<PointGeometry> points = new ArrayList<>(3 * n);
        for (int i = 0; i < n; i++) {
            PointGeometry.Clever score = clever.get(i);
            SliceTier.Outcome slice = slices.get(i);
            PointEvidence e = atClean.get(i);
            if (score != null) {
                e = e.withClever(score.l2(), score.linf());
            }
            if (slice != null) {
                e = e.withSlice(new SliceProximity(slice.slice().foldDistance(), slice.slice().cuspDistance(),
                        slice.slice().attackDistance()));
            }
            points.add(records.of(indices[i], PointGeometry.CLEAN, e, segments == null ? null : segments.get(i), score,
                    slice == null ? null : slice.slice()));
        }
        for (int i = 0; atAdversarial != null && i < n; i++) {
            points.add(records.of(indices[i], PointGeometry.ADVERSARIAL, atAdversarial.get(i), segments.get(i), null,
                    null));
        }
        for (int k = 0; k < crossed.size(); k++) {
            int i = crossed.get(k);
            PointEvidence e = atCrossing.get(k).withJunction(segments.get(i).junction());
            points.add(records.of(indices[i], PointGeometry.CROSSING, e, segments.get(i), null, null));
        }
        List<SlicePicture> pictures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (slices.containsKey(i) && slices.get(i).picture() != null) {
                pictures.add(slices.get(i).picture());
            }
        }
        return new SingularityResults(SingularityResults.SCHEMA_VERSION, results.jobId(), results.shardNo(),
                results.shardCount(), points, rules, pictures, curvature, millis);
    }

    /**
     * Default rules for the shard's threat budgets — the largest ε among its L∞ and its L2 outcomes (NaN when it
     * has none) — completed by the reference.
     */
    static LabelRules rules(List<ExampleAttack> examples, LabelReference reference) {
        double linf = Double.NaN;
        double l2 = Double.NaN;
        for (ExampleAttack example : examples == null ? List.<ExampleAttack>of() : examples) {
            for (AttackOutcome o : example.outcomes()) {
                if ("linf".equals(o.norm())) {
                    linf = Double.isNaN(linf) ? o.epsilon() : Math.max(linf, o.epsilon());
                } else if ("l2".equals(o.norm())) {
                    l2 = Double.isNaN(l2) ? o.epsilon() : Math.max(l2, o.epsilon());
                }
            }
        }
        LabelRules rules = LabelRules.forBudgets(linf, l2);
        return reference == null ? rules : reference.apply(rules);
    }

    /** Up to {@code budget} examples with a non-zero attack direction, those the attack moved across first. */
    static List<Integer> sliceExamples(List<SegmentAnalysis> segments, int budget) {
        List<Integer> picked = new ArrayList<>();
        for (boolean wantCrossed : new boolean[] {true, false}) {
            for (int i = 0; i < segments.size() && picked.size() < budget; i++) {
                SegmentAnalysis s = segments.get(i);
                if (s.distanceL2() > 0 && s.crossing().found() == wantCrossed) {
                    picked.add(i);
                }
            }
        }
        picked.sort(Integer::compare);
        return picked;
    }

    private static void checkTiers(SingularityPlan plan) {
        for (String tier : plan.tiers()) {
            if (!SingularityPlan.TIERS.contains(tier)) {
                throw new IllegalArgumentException("unsupported singularity tier '" + tier + "'; supported: "
                        + String.join(", ", SingularityPlan.TIERS));
            }
        }
    }

    private static INDArray decode(AdversarialBatch batch, int rows, int columns) {
        if (!TensorCodec.ENCODING.equals(batch.encoding())) {
            throw new IllegalArgumentException("unsupported adversarial encoding '" + batch.encoding() + "', expected "
                    + TensorCodec.ENCODING);
        }
        if (batch.shape() == null || batch.shape().length != 2 || batch.shape()[0] != rows
                || batch.shape()[1] != columns) {
            throw new IllegalArgumentException("adversarial batch has shape " + Arrays.toString(batch.shape())
                    + ", expected [" + rows + ", " + columns + "]");
        }
        return TensorCodec.decode(batch.shape(), batch.data());
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
