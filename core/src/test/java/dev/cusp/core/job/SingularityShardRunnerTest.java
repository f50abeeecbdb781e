package dev.cusp.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cusp.core.data.LabeledData;
import dev.cusp.core.data.TensorCodec;
import dev.cusp.core.event.AttackPlan;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.AttackSpec;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.Curvature;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.core.event.SingularityResults;
import dev.cusp.core.event.SlicePicture;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.singularity.LabelRules;
import dev.cusp.core.singularity.Labeler;
import dev.cusp.core.singularity.PointAnalyzer;
import dev.cusp.core.singularity.PointEvidence;
import dev.cusp.core.singularity.SegmentAnalysis;
import dev.cusp.core.singularity.input.Clever;
import dev.cusp.core.singularity.plane.SliceProximity;
import dev.cusp.core.testing.TestModels;
import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SingularityShardRunnerTest {
    private static final long SEED = 11;
    private static final UUID JOB = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final List<Double> EPSILONS = List.of(0.1, 0.3);

    /** n examples with features uniform in [lo, hi] (FLOAT, as the data sets are) and labels cycling. */
    static LabeledData uniform(int n, int d, int classes, double lo, double hi, long seed) {
        Nd4j.getRandom().setSeed(seed);
        int[] labels = IntStream.range(0, n).map(i -> i % classes).toArray();
        return new LabeledData(Nd4j.rand(DataType.FLOAT, n, d).muli(hi - lo).addi(lo), labels, classes);
    }

    static AttackResults attacked(Classifier model, LabeledData data, int[] indices, int shardNo, SingularityPlan plan) {
        AttackTask task = new AttackTask(AttackTask.SCHEMA_VERSION, JOB, shardNo, 3, "ef".repeat(32),
                DatasetRef.fashionMnistTest(), 0, indices, new AttackPlan(List.of(AttackSpec.fgsm(EPSILONS))), plan,
                SEED);
        return AttackShardRunner.run(model, data, task);
    }

    @Test
    void everyPointCarriesWhatPointAnalyzerSegmentAnalysisAndLabelerComputeDirectly() {
        Classifier model = Classifier.of(TestModels.mlp(SEED, DataType.FLOAT, Activation.RELU, 12, 10, 8, 4));
        LabeledData data = uniform(40, 12, 4, 0, 1, SEED);
        int[] indices = IntStream.range(3, 33).toArray();
        AttackResults shard = attacked(model, data, indices, 1, SingularityPlan.cheap());
        LabelReference reference = LabelReference.of(model, data);
        SingularityResults results = SingularityShardRunner.run(model, data, shard, reference);

        // the same computations, straight from core
        Classifier exact = model.inDouble();
        LabeledData rows = data.select(indices);
        INDArray clean = rows.features().castTo(DataType.DOUBLE);
        INDArray adversarial = TensorCodec.decode(shard.adversarial().shape(), shard.adversarial().data())
                .castTo(DataType.DOUBLE);
        PointAnalyzer analyzer = new PointAnalyzer(exact);
        List<PointEvidence> atClean = analyzer.analyse(clean, rows.labels());
        List<PointEvidence> atAdversarial = analyzer.analyse(adversarial, rows.labels());
        List<SegmentAnalysis> segments = SegmentAnalysis.of(exact, clean, adversarial);
        LabelRules rules = reference.apply(LabelRules.forBudgets(0.3, Double.NaN));
        assertThat(results.rules()).isEqualTo(rules);
        assertThat(rules.sensitiveNorm()).isFinite();
        assertThat(rules.kinkReference()).isFinite();

        List<Integer> crossed = IntStream.range(0, indices.length).filter(i -> segments.get(i).crossing().found())
                .boxed().toList();
        assertThat(crossed).isNotEmpty();
        assertThat(results.points()).hasSize(2 * indices.length + crossed.size());
        List<PointEvidence> atCrossing = analyzer.analyse(
                Nd4j.vstack(crossed.stream().map(i -> segments.get(i).crossing().point()).toArray(INDArray[]::new)),
                crossed.stream().mapToInt(i -> rows.labels()[i]).toArray());
        INDArray logits = exact.logits(clean);
        for (int i = 0; i < indices.length; i++) {
            PointGeometry p = results.points().get(i);
            assertThat(p.point()).isEqualTo(PointGeometry.CLEAN);
            assertThat(p.exampleIndex()).isEqualTo(indices[i]);
            assertMatches(p, atClean.get(i), rules);
            // the margin against the label by its definition, from the logits
            int y = rows.labels()[i];
            int row = i;
            double other = IntStream.range(0, 4).filter(k -> k != y).mapToDouble(k -> logits.getDouble(row, k)).max()
                    .orElseThrow();
            assertThat(p.margin()).isCloseTo(logits.getDouble(i, y) - other, within(1e-12));
            SegmentAnalysis s = segments.get(i);
            if (s.crossing().found()) {
                double needed = s.crossing().tHigh() * s.distanceLinf();
                assertThat(p.boundary().neededLinf()).isEqualTo(needed);
                assertThat(p.boundary().ratioLinf()).isEqualTo(needed / atClean.get(i).margin().firstOrderDistanceLinf());
            } else {
                assertThat(p.boundary().ratioLinf()).isNaN();
            }
            PointGeometry adv = results.points().get(indices.length + i);
            assertThat(adv.point()).isEqualTo(PointGeometry.ADVERSARIAL);
            assertMatches(adv, atAdversarial.get(i), rules);
            assertThat(adv.segment()).isEqualTo(PointRecords.segment(s));
            assertThat(adv.segment().hamming()).isEqualTo(s.hamming());
            assertThat(adv.segment().regions()).isEqualTo(s.regions().regions()).isGreaterThanOrEqualTo(1);
        }
        for (int k = 0; k < crossed.size(); k++) {
            int i = crossed.get(k);
            PointGeometry p = results.points().get(2 * indices.length + k);
            assertThat(p.point()).isEqualTo(PointGeometry.CROSSING);
            assertThat(p.exampleIndex()).isEqualTo(indices[i]);
            PointEvidence e = atCrossing.get(k).withJunction(segments.get(i).junction());
            assertMatches(p, e, rules);
            // the crossing x(t_hi) lies just past the boundary: it is predicted as the class the segment crosses into
            assertThat(p.predictedClass()).isEqualTo(segments.get(i).crossing().toClass())
                    .isNotEqualTo(segments.get(i).crossing().fromClass());
            assertThat(p.junction().tiedClasses()).isEqualTo(segments.get(i).junction().tiedClasses());
        }
        assertThat(results.tierMillis()).containsOnlyKeys(SingularityPlan.CHEAP);
        assertThat(results.slices()).isEmpty();
        assertThat(results.curvature()).isNull();
        assertThat(results.schemaVersion()).isEqualTo(SingularityResults.SCHEMA_VERSION);
    }

    private static void assertMatches(PointGeometry p, PointEvidence e, LabelRules rules) {
        assertThat(p.predictedClass()).isEqualTo(e.predictedClass());
        assertThat(p.singularValues()).containsExactly(e.spectrum().singularValues());
        assertThat(p.conditionNumber()).isEqualTo(e.spectrum().conditionNumber());
        assertThat(p.spectrum()).isEqualTo(new PointGeometry.Spectrum(e.spectrum().rank(), e.spectrum().corank(),
                e.spectrum().boardmanIndex(), e.spectrum().tolerance(), e.jacobianFrobenius()));
        assertThat(p.boundary().firstOrderL2()).isEqualTo(e.margin().firstOrderDistanceL2());
        assertThat(p.boundary().firstOrderLinf()).isEqualTo(e.margin().firstOrderDistanceLinf());
        assertThat(p.boundary().gradientNorm()).isEqualTo(e.margin().gradientNorm2());
        assertThat(p.facets().ratio()).isEqualTo(e.facets().ratio());
        assertThat(p.relu().kinkL2()).isEqualTo(e.kink().distanceL2());
        assertThat(p.relu().rankBound()).isEqualTo(e.certificate().rankBound());
        assertThat(p.health().status()).isEqualTo(e.health().status().name());
        Labeler.Labels labels = Labeler.label(e, rules);
        assertThat(p.labels()).containsExactlyElementsOf(labels.labels().stream().map(Enum::name).toList());
        assertThat(p.primaryLabel()).isEqualTo(labels.primary().name());
        assertThat(p.reasons()).isEqualTo(labels.reasons());
    }

    @Test
    void linearClassifierHasTheSpectrumOfWAndAFlatBoundary() {
        // f(x) = Wx + b with W's rows orthogonal of lengths 5 and 2: J = W everywhere, σ = (5, 2), rank 2, corank 0,
        // Σ^{d−2}, ‖J‖_F = √29. The boundary m = (w0 − w1)·x + b0 − b1 = 0 is a hyperplane and FGSM moves along
        // −sign(∇m) (coordinate 4 has ∇m = 0 and stays): the crossing is exactly the first-order L∞ distance away
        // (ratio 1), and in L2 the segment is √3 (moving coordinates) × its L∞ length, so the L2 ratio is
        // √3·‖∇m‖₂/‖∇m‖₁ = √3·√29/9. Inputs in [0.35, 0.65] with ε ≤ 0.3 are never clipped. The adversarial rows
        // travel as float32, which moves the segment by ≤ 2⁻²⁴ relative per coordinate: tolerance 1e-6.
        double[][] w = {{3, 0, 4, 0}, {0, 2, 0, 0}};
        Classifier model = Classifier.of(TestModels.linear(w, new double[] {0.1, 0.3}));
        LabeledData data = uniform(24, 4, 2, 0.35, 0.65, SEED);
        int[] indices = IntStream.range(0, 24).toArray();
        SingularityResults results = SingularityShardRunner.run(model, data,
                attacked(model, data, indices, 0, SingularityPlan.cheap()), null);
        int crossed = 0;
        for (PointGeometry p : results.points()) {
            assertThat(p.singularValues()).containsExactly(new double[] {5, 2}, within(1e-14));
            assertThat(p.spectrum().rank()).isEqualTo(2);
            assertThat(p.spectrum().corank()).isZero();
            assertThat(p.spectrum().boardmanIndex()).isEqualTo(2);
            assertThat(p.spectrum().jacobianNorm()).isCloseTo(Math.sqrt(29), within(1e-13));
            assertThat(p.boundary().gradientNorm()).isCloseTo(Math.sqrt(29), within(1e-13));
            assertThat(p.boundary().gradientNormL1()).isCloseTo(9, within(1e-13));
            assertThat(p.facets()).isNull(); // two classes
            if (PointGeometry.CLEAN.equals(p.point()) && !Double.isNaN(p.boundary().ratioLinf())) {
                crossed++;
                assertThat(p.boundary().ratioLinf()).isCloseTo(1.0, within(1e-6));
                assertThat(p.boundary().ratioL2()).isCloseTo(Math.sqrt(3) * Math.sqrt(29) / 9, within(1e-6));
            }
            if (PointGeometry.CROSSING.equals(p.point())) {
                // 50 bisection steps: the crossing is within 2⁻⁵⁰ of the segment past the boundary
                assertThat(Math.abs(p.margin())).isLessThan(1e-12);
            }
        }
        assertThat(crossed).isGreaterThan(3);
        assertThat(results.rules().fragileLinf()).isEqualTo(0.3);
        assertThat(results.rules().fragileL2()).isNaN();
        assertThat(results.rules().sensitiveNorm()).isNaN(); // no reference population given
    }

    @Test
    void costlyTiersEqualTheirDirectComputationsWithinTheBudget() throws Exception {
        Classifier model = Classifier.of(TestModels.mlp(SEED, DataType.FLOAT, Activation.TANH, 8, 10, 3));
        LabeledData data = uniform(20, 8, 3, 0, 1, SEED + 1);
        int[] indices = IntStream.range(0, 12).toArray();
        SingularityPlan.Budget budget = new SingularityPlan.Budget(2, 4, 16, 2, 1, 21, 10, 5);
        SingularityPlan plan = new SingularityPlan(List.of(SingularityPlan.CHEAP, SingularityPlan.CLEVER,
                SingularityPlan.SLICES, SingularityPlan.HESSIAN), budget);
        AttackResults shard = attacked(model, data, indices, 0, plan);
        SingularityResults results = SingularityShardRunner.run(model, data, shard, null);
        Classifier exact = model.inDouble();
        LabeledData rows = data.select(indices);
        INDArray clean = rows.features().castTo(DataType.DOUBLE);
        INDArray adversarial = TensorCodec.decode(shard.adversarial().shape(), shard.adversarial().data())
                .castTo(DataType.DOUBLE);

        // CLEVER on the first two examples only, as Clever.spread gives it with the per-example seeds
        for (int i = 0; i < indices.length; i++) {
            PointGeometry p = results.points().get(i);
            if (i >= 2) {
                assertThat(p.clever()).isNull();
                continue;
            }
            for (Clever.Norm norm : Clever.Norm.values()) {
                Clever.Spread spread = Clever.spread(exact, clean.getRow(i, true), Clever.Parameters.defaults(norm,
                        CleverTier.SEED + 1000L * indices[i]).withSampling(4, 16), 2);
                assertThat(norm == Clever.Norm.L2 ? p.clever().l2() : p.clever().linf()).isEqualTo(spread.mean());
                assertThat(norm == Clever.Norm.L2 ? p.clever().l2Spread() : p.clever().linfSpread())
                        .isEqualTo(spread.standardDeviation());
            }
        }

        // one slice, through the first example the attack moved across the boundary
        List<SegmentAnalysis> segments = SegmentAnalysis.of(exact, clean, adversarial);
        int sliced = SingularityShardRunner.sliceExamples(segments, 1).get(0);
        assertThat(segments.get(sliced).crossing().found()).isTrue();
        SliceTier.Outcome direct = SliceTier.through(exact, indices[sliced], clean.getRow(sliced, true),
                adversarial.getRow(sliced, true), segments.get(sliced).crossing().tHigh(), 21);
        PointGeometry slicedPoint = results.points().get(sliced);
        assertThat(slicedPoint.slice()).isEqualTo(direct.slice());
        assertThat(slicedPoint.slice().smooth()).isTrue(); // tanh
        assertThat(results.slices()).hasSize(1);
        SlicePicture picture = results.slices().get(0);
        assertThat(picture.exampleIndex()).isEqualTo(indices[sliced]);
        assertThat(picture.data()).isEqualTo(direct.picture().data());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(picture.data())));
        assertThat(png.getWidth()).isEqualTo(picture.width());
        assertThat(png.getHeight()).isEqualTo(picture.height());
        // the labels saw the slice and the CLEVER scores
        PointEvidence e = new PointAnalyzer(exact).analyse(clean, rows.labels()).get(sliced);
        if (sliced < 2) {
            e = e.withClever(slicedPoint.clever().l2(), slicedPoint.clever().linf());
        }
        e = e.withSlice(new SliceProximity(direct.slice().foldDistance(), direct.slice().cuspDistance(),
                direct.slice().attackDistance()));
        assertThat(slicedPoint.reasons()).isEqualTo(Labeler.label(e, results.rules()).reasons());

        // the Hessian over shard 0's first 10 examples, and on no other shard
        Curvature curvature = HessianTier.curvature(exact, rows.select(IntStream.range(0, 10).toArray()), 5);
        assertThat(results.curvature()).isEqualTo(curvature);
        assertThat(results.tierMillis()).containsOnlyKeys(SingularityPlan.CHEAP, SingularityPlan.CLEVER,
                SingularityPlan.SLICES, SingularityPlan.HESSIAN);
        SingularityResults shard1 = SingularityShardRunner.run(model, data,
                attacked(model, data, indices, 1, plan), null);
        assertThat(shard1.curvature()).isNull();
        assertThat(shard1.tierMillis()).doesNotContainKey(SingularityPlan.HESSIAN);
    }

    @Test
    void aRedeliveredShardIsAnalysedIdentically() {
        Classifier model = Classifier.of(TestModels.mlp(SEED, DataType.FLOAT, Activation.RELU, 6, 7, 3));
        LabeledData data = uniform(12, 6, 3, 0, 1, SEED + 2);
        SingularityPlan plan = new SingularityPlan(List.of(SingularityPlan.CLEVER, SingularityPlan.SLICES),
                new SingularityPlan.Budget(1, 3, 8, 1, 1, 11, 4, 2));
        AttackResults shard = attacked(model, data, new int[] {0, 2, 4, 6, 8}, 2, plan);
        SingularityResults first = SingularityShardRunner.run(model, data, shard, null);
        SingularityResults again = SingularityShardRunner.run(model, data, shard, null);
        // NaN (parts that do not apply) must equal NaN: compare doubles bit by bit
        assertThat(again).usingRecursiveComparison().ignoringFields("tierMillis")
                .withEqualsForType((a, b) -> Double.compare(a, b) == 0, Double.class).isEqualTo(first);
    }

    @Test
    void withoutAnAdversarialBatchOnlyCleanPointsAreAnalysedAndUnknownTiersAreRefused() {
        Classifier model = Classifier.of(TestModels.mlp(SEED, DataType.FLOAT, Activation.RELU, 6, 5, 3));
        LabeledData data = uniform(4, 6, 3, 0, 1, SEED);
        AttackResults r = attacked(model, data, new int[] {1, 2}, 0, null);
        AttackResults noBatch = new AttackResults(1, JOB, 0, 1, r.modelSha256(), r.dataset(), r.exampleIndices(),
                r.examples(), null, null, r.provenance(), r.masking());
        SingularityResults results = SingularityShardRunner.run(model, data, noBatch, null);
        assertThat(results.points()).extracting(PointGeometry::point).containsExactly("clean", "clean");
        assertThat(results.points()).allSatisfy(p -> assertThat(p.segment()).isNull());
        AttackResults cusp = new AttackResults(1, JOB, 0, 1, r.modelSha256(), r.dataset(), r.exampleIndices(),
                r.examples(), r.adversarial(), new SingularityPlan(List.of("cheap", "cusp")), r.provenance(), r.masking());
        assertThatThrownBy(() -> SingularityShardRunner.run(model, data, cusp, null))
                .hasMessageContaining("'cusp'").hasMessageContaining("cheap, clever, slices, hessian");
    }

    @Test
    void slicesPreferExamplesTheAttackMovedAcrossTheBoundary() {
        Classifier model = Classifier.of(TestModels.mlp(SEED, DataType.FLOAT, Activation.RELU, 6, 5, 3));
        LabeledData data = uniform(30, 6, 3, 0, 1, SEED + 3);
        AttackResults r = attacked(model, data, IntStream.range(0, 30).toArray(), 0, null);
        INDArray clean = data.features().castTo(DataType.DOUBLE);
        INDArray adv = TensorCodec.decode(r.adversarial().shape(), r.adversarial().data()).castTo(DataType.DOUBLE);
        List<SegmentAnalysis> segments = SegmentAnalysis.of(model, clean, adv);
        List<Integer> picked = SingularityShardRunner.sliceExamples(segments, 3);
        List<Integer> expected = new ArrayList<>();
        IntStream.range(0, 30).filter(i -> segments.get(i).crossing().found()).limit(3).forEach(expected::add);
        IntStream.range(0, 30).filter(i -> !segments.get(i).crossing().found() && segments.get(i).distanceL2() > 0)
                .limit(3 - expected.size()).forEach(expected::add);
        expected.sort(Integer::compare);
        assertThat(picked).isEqualTo(expected).hasSize(3);
    }
}
