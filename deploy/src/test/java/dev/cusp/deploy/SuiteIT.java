package dev.cusp.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cusp.core.CuspVersion;
import dev.cusp.core.data.DatasetLoader;
import dev.cusp.core.data.ExampleSampler;
import dev.cusp.core.data.FashionMnist;
import dev.cusp.core.data.LabeledData;
import dev.cusp.core.event.AttackOutcome;
import dev.cusp.core.event.AttackPlan;
import dev.cusp.core.event.AttackSpec;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.ExampleAttack;
import dev.cusp.core.event.ModelAnalysis;
import dev.cusp.core.event.SingularityPlan;
import dev.cusp.core.event.SlicePicture;
import dev.cusp.core.event.Topics;
import dev.cusp.core.job.AttackRegistry;
import dev.cusp.core.job.Distribution;
import dev.cusp.core.job.GeometryShardSize;
import dev.cusp.core.job.JobReport;
import dev.cusp.core.job.MaskingVerdict;
import dev.cusp.core.job.ModelAnalysisRunner;
import dev.cusp.core.job.RobustAccuracy;
import dev.cusp.core.job.RunSeeds;
import dev.cusp.core.job.ShardPlanner;
import dev.cusp.core.job.StageCount;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.model.ModelLimits;
import dev.cusp.core.model.ModelLoader;
import dev.cusp.core.testing.LocalInfra;
import dev.cusp.core.testing.TestModels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The whole suite end to end: the four services' fast-jars as processes on one real Kafka broker and one real
 * PostgreSQL run a 64-example job with a five-attack plan (FGSM, PGD-10 with a restart, DeepFool, APGD-CE, a reduced
 * AutoAttack cascade) and the slices and Hessian tiers over four shards. The stored report, its attack summary
 * (AutoAttack stages, masking verdicts, provenance), its singularity report, the slice pictures, the exports and the
 * model's parameter-space analysis must equal what {@code core} computes directly for the same model bytes, examples
 * and shard boundaries; bad requests are refused without a trace; a redelivered shard changes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteIT {
    /** Seed of the job's example sample and of the test model (printed with the results). */
    private static final long SEED = 7;
    private static final int EXAMPLES = 64;
    /** The plan is costed so that the gateway cuts the job into shards of this many examples (four shards). */
    private static final int EXAMPLES_PER_SHARD = 16;
    /**
     * The job's attack plan, ε ascending as the gateway stores them: FGSM; PGD-10 with Madry et al.'s step 2.5·ε/10
     * and one restart (2 runs); DeepFool L2 (minimal-norm: one run gives every ε); APGD-CE with 10 iterations; and
     * AutoAttack's cascade with 10 iterations, 3 target classes and 100 Square queries, so that its stage counts are
     * exercised in seconds. Parameters left out keep their documented defaults, which the provenance must show.
     */
    private static final List<AttackSpec> PLAN = List.of(
            new AttackSpec("fgsm", "linf", List.of(0.01, 0.03, 0.1), Map.of()),
            new AttackSpec("pgd", "linf", List.of(0.03, 0.1),
                    Map.of("steps", 10, "relativeStepSize", 0.25, "restarts", 2)),
            new AttackSpec("deepfool", "l2", List.of(0.5, 1.0, 2.0), Map.of()),
            new AttackSpec("apgd-ce", "linf", List.of(0.03, 0.1), Map.of("steps", 10)),
            new AttackSpec("autoattack", "linf", List.of(0.03),
                    Map.of("steps", 10, "targets", 3, "squareQueries", 100)));
    /** Slices (one per shard, a 41 × 41 grid) and the Hessian (5 iterations over 16 examples) besides the cheap tier. */
    private static final Map<String, Object> SINGULARITY_PLAN = Map.of(
            "tiers", List.of(SingularityPlan.CHEAP, SingularityPlan.SLICES, SingularityPlan.HESSIAN),
            "budget", Map.of("sliceExamples", 1, "sliceGrid", 41, "hessianExamples", 16, "hessianIterations", 5));
    /** The gateway's shard work budget for this run (property {@code cusp.gateway.shards.cost-budget}). */
    private static final int COST_BUDGET =
            (int) Math.ceil(EXAMPLES_PER_SHARD * ShardPlanner.costPerExample(new AttackPlan(PLAN), 10));
    /** The gateway's bound on one shard's result message (its default, stated here so the test can re-plan). */
    private static final int MAX_MESSAGE_BYTES = 900_000;
    /** The gateway's default most cost units per example (property {@code cusp.gateway.jobs.max-cost-per-example}). */
    private static final int MAX_COST_PER_EXAMPLE = 20_000;
    /**
     * Distribution statistics are recomputed by the report-service from stored per-example rows: the same doubles,
     * possibly summed in another order (the mean), so they may differ by rounding only. 1e-9 relative is far below
     * any real discrepancy (a float32 round trip alone is about 6e-8) and far above reordered double sums (~1e-15).
     */
    private static final double RELATIVE_TOLERANCE = 1e-9;
    /** PNG signature (ISO/IEC 15948, 5.2). */
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static final Path LOG_DIR = Path.of("target", "it-logs");
    private static final Map<String, ServiceProcess> SERVICES = new LinkedHashMap<>();

    private static LocalInfra infra;
    private static String jdbcUrl;
    private static TopicProbe topics;
    private static SuiteClient client;
    private static byte[] modelBytes;
    private static JsonNode uploadedModel;
    private static String jobId;
    private static int shardsTotal;
    private static JsonNode storedReport;
    private static DirectComputation direct;

    @BeforeAll
    static void startTheSuiteAndRunAJob() throws Exception {
        long t0 = System.nanoTime();
        infra = LocalInfra.start(true, true);
        jdbcUrl = createDatabase("cusp");
        topics = new TopicProbe(infra.bootstrapServers());
        log("infra", "kafka %s, postgres %s (%.1f s)", infra.bootstrapServers(), jdbcUrl, seconds(t0));

        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String module : List.of("report-service", "attack-service", "singularity-service", "gateway")) {
            ports.put(module, freePort());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(SuiteIT::stopServices));
        long t1 = System.nanoTime();
        ports.forEach((module, port) -> SERVICES.put(module,
                ServiceProcess.start(module, port, configOf(module, ports), LOG_DIR)));
        for (ServiceProcess service : SERVICES.values()) {
            await("readiness of " + service.module()).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .until(service::ready);
        }
        log("services", "all four ready (%.1f s); logs in %s", seconds(t1), LOG_DIR.toAbsolutePath());

        client = new SuiteClient(SERVICES.get("gateway").baseUrl(), SERVICES.get("report-service").baseUrl());
        modelBytes = brieflyTrainedTinyMlp();
        uploadedModel = client.uploadModel(modelBytes, "suite-it-tiny-mlp", "1");
        long t2 = System.nanoTime();
        JsonNode job = client.submitJob(jobRequest(PLAN.stream().map(SuiteIT::attackRequest).toList()));
        jobId = job.get("id").asText();
        AtomicReference<JsonNode> report = new AtomicReference<>();
        await("report of job " + jobId).atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    SERVICES.values().forEach(ServiceProcess::ready); // fails fast, with the log, if a service died
                    Optional<JsonNode> r = client.report(jobId);
                    r.ifPresent(report::set);
                    return r.isPresent();
                });
        storedReport = report.get();
        shardsTotal = client.job(jobId).get("shardsTotal").asInt();
        log("job", "%s: %d examples, %d attacks in %d shards (cost budget %d), report after %.1f s", jobId, EXAMPLES,
                PLAN.size(), shardsTotal, COST_BUDGET, seconds(t2));
        SERVICES.values().forEach(s -> log("rss", "%-20s %5d MiB (pid %d, after the job)", s.module(), s.rssMiB(), s.pid()));

        long t3 = System.nanoTime();
        Classifier model = ModelLoader.load(modelBytes, ModelLimits.defaults());
        direct = DirectComputation.of(model, fashionMnistTest(), tasksOfTheJob());
        log("direct", "core's direct computation of the %d shards took %.1f s", shardsTotal, seconds(t3));
    }

    @AfterAll
    static void stopEverything() {
        stopServices();
        if (topics != null) {
            topics.close();
        }
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    @Order(1)
    void shardsAreTheSeededSampleCutAsThePlannersCutIt() {
        List<AttackTask> tasks = tasksOfTheJob();
        assertThat(tasks).as("shards of the job on attack.tasks").hasSize(shardsTotal);
        assertThat(shardsTotal).as("the job must really be split (cost budget %d)", COST_BUDGET)
                .isEqualTo(EXAMPLES / EXAMPLES_PER_SHARD);
        int[] sampled = ExampleSampler.sample(fashionMnistTest().size(), EXAMPLES, SEED);
        assertThat(tasks.stream().flatMapToInt(t -> IntStream.of(t.exampleIndices())).toArray())
                .as("the shards cover exactly the seeded sample, in order").containsExactly(sampled);

        AttackTask first = tasks.get(0);
        int shardSize = Math.min(
                ShardPlanner.maxExamplesPerShard(first.plan(), 784, 10, MAX_MESSAGE_BYTES, COST_BUDGET),
                GeometryShardSize.maxExamplesPerShard(first.singularityPlan(), 10, 784, MAX_MESSAGE_BYTES));
        assertThat(tasks).extracting(AttackTask::exampleIndices)
                .as("shard boundaries as ShardPlanner and GeometryShardSize draw them")
                .containsExactlyElementsOf(ShardPlanner.split(sampled, shardSize));
        assertThat(first.plan().attacks()).as("the plan as the gateway forwards it").isEqualTo(PLAN);
        assertThat(first.singularityPlan().tiers())
                .containsExactly(SingularityPlan.CHEAP, SingularityPlan.SLICES, SingularityPlan.HESSIAN);
        assertThat(first.seed()).isEqualTo(SEED);
    }

    @Test
    @Order(2)
    void storedReportEqualsCoresDirectComputation() throws Exception {
        JobReport expected = direct.report();
        JobReport stored = SuiteClient.JSON.treeToValue(storedReport.get("report"), JobReport.class);

        assertThat(stored.examples()).isEqualTo(EXAMPLES).isEqualTo(expected.examples());
        assertThat(stored.cleanAccuracy()).isEqualTo(expected.cleanAccuracy());
        assertThat(stored.robustAccuracy()).as("robust accuracy of every attack, norm and ε")
                .containsExactlyElementsOf(expected.robustAccuracy());
        assertThat(stored.robustAccuracy()).extracting(r -> r.attack() + "/" + r.norm() + "/" + r.epsilon())
                .as("one row per attack and ε of the plan")
                .containsExactlyInAnyOrderElementsOf(PLAN.stream()
                        .flatMap(a -> a.epsilons().stream().map(e -> a.attack() + "/" + a.norm() + "/" + e)).toList());
        assertThat(stored.distributions().keySet()).containsExactlyInAnyOrderElementsOf(expected.distributions().keySet());
        expected.distributions().forEach((key, want) -> assertClose(key, stored.distributions().get(key), want));

        // Clean accuracy once more, independently of every runner: argmax of the logits against the labels.
        LabeledData picked = fashionMnistTest().select(ExampleSampler.sample(fashionMnistTest().size(), EXAMPLES, SEED));
        int[] predicted = ModelLoader.load(modelBytes, ModelLimits.defaults()).predict(picked.features());
        long correct = IntStream.range(0, EXAMPLES).filter(i -> predicted[i] == picked.labels()[i]).count();
        assertThat(stored.cleanAccuracy()).isEqualTo(correct / (double) EXAMPLES);
        assertThat(stored.robustAccuracy()).allSatisfy(r -> assertThat(r.accuracy()).isLessThanOrEqualTo(stored.cleanAccuracy()));
        log("report", "seed %d: clean accuracy %.4f", SEED, stored.cleanAccuracy());
        stored.robustAccuracy().forEach(r -> log("report", "%-10s %-4s ε %-4s robust accuracy %.4f (%d/%d broken)",
                r.attack(), r.norm(), r.epsilon(), r.accuracy(), r.successes(), r.examples()));
    }

    @Test
    @Order(3)
    void attackSummaryHasTheStagesVerdictsAndProvenanceCoreComputes() throws Exception {
        JsonNode attacks = storedReport.get("attacks");
        assertThat(attacks).as("ReportView.attacks").isNotNull();
        assertThat(attacks.isNull()).as("ReportView.attacks is null").isFalse();
        assertThat(attacks).as("the whole attack summary").isEqualTo(asJson(direct.attacks()));

        // AutoAttack's stages: every example of each ε counted once, by the stage that broke it or as robust.
        List<StageCount> stages = direct.attacks().stages();
        assertThat(stages).isNotEmpty().allSatisfy(s -> assertThat(s.attack()).isEqualTo("autoattack"));
        assertThat(stages.stream().mapToInt(StageCount::examples).sum()).isEqualTo(EXAMPLES);
        stages.forEach(s -> log("stages", "autoattack %s ε %s %-8s %d", s.norm(), s.epsilon(), s.stage(), s.examples()));

        // Masking verdicts: every check of MaskingVerdicts, each with a status and the figures behind it.
        assertThat(direct.attacks().masking()).extracting(MaskingVerdict::check).containsExactly("gradients", "logits",
                "fgsm-above-clean", "single-step-beats-iterative", "fgsm-far-above-pgd", "black-box-beats-white-box",
                "large-epsilon", "deterministic");
        assertThat(direct.attacks().masking()).allSatisfy(v -> {
            assertThat(v.status()).isIn(MaskingVerdict.FLAGGED, MaskingVerdict.PASSED, MaskingVerdict.NOT_APPLICABLE);
            assertThat(v.detail()).isNotBlank();
        });
        assertThat(direct.attacks().masking()).filteredOn(v -> v.check().equals("single-step-beats-iterative"))
                .extracting(MaskingVerdict::status).as("FGSM and PGD/APGD/AutoAttack share L∞ budgets")
                .containsExactly(MaskingVerdict.PASSED);

        // Provenance: model bytes, data set, examples, Cusp version, job seed, every parameter and run seed.
        assertThat(storedReport.get("modelSha256").asText()).isEqualTo(sha256(modelBytes))
                .isEqualTo(uploadedModel.get("sha256").asText());
        assertThat(storedReport.get("dataset")).isEqualTo(asJson(DatasetRef.fashionMnistTest()));
        assertThat(attacks.get("cuspVersion").asText()).isEqualTo(CuspVersion.get()).isNotBlank();
        assertThat(attacks.get("jobSeed").asLong()).isEqualTo(SEED);
        JsonNode runs = attacks.get("attacks");
        assertThat(runs).hasSize(PLAN.size());
        for (int a = 0; a < PLAN.size(); a++) {
            AttackSpec spec = PLAN.get(a);
            AttackRegistry.Configured configured = AttackRegistry.configure(spec);
            JsonNode run = runs.get(a);
            assertThat(run.get("attack").asText()).isEqualTo(spec.attack());
            assertThat(run.get("norm").asText()).isEqualTo(spec.norm());
            assertThat(run.get("kind").asText()).isEqualTo(configured.kind().id());
            assertThat(run.get("reference").asText()).isEqualTo(configured.reference()).isNotBlank();
            assertThat(run.get("parameters")).as("full parameter record of %s", spec.attack())
                    .isEqualTo(asJson(configured.parameters()));
            List<Long> seeds = new ArrayList<>();
            for (int shard = 0; shard < shardsTotal; shard++) {
                if (configured.kind() == AttackRegistry.Kind.MINIMAL) {
                    seeds.add(RunSeeds.of(SEED, shard, a, RunSeeds.ALL_EPSILONS));
                } else {
                    for (int e = 0; e < spec.epsilons().size(); e++) {
                        seeds.add(RunSeeds.of(SEED, shard, a, e));
                    }
                }
            }
            assertThat(StreamSupport.stream(run.get("seeds").spliterator(), false).map(JsonNode::asLong).toList())
                    .as("run seeds of %s, shard by shard", spec.attack()).isEqualTo(seeds);
        }
        // The defaults the request left out are in the record, with the paper's values.
        assertThat(runs.get(1).get("parameters").get("randomStart").asBoolean()).isTrue();
        assertThat(runs.get(1).get("parameters").get("restarts").asInt()).isEqualTo(2);
        assertThat(runs.get(2).get("parameters").get("overshoot").asDouble()).isEqualTo(0.02);
        assertThat(runs.get(2).get("parameters").get("steps").asInt()).isEqualTo(50);
        assertThat(runs.get(3).get("parameters").get("rho").asDouble()).isEqualTo(0.75);
    }

    @Test
    @Order(4)
    void perExampleExportsParseAndAgreeWithTheReport() throws Exception {
        JobReport stored = SuiteClient.JSON.treeToValue(storedReport.get("report"), JobReport.class);
        int outcomesPerExample = PLAN.stream().mapToInt(a -> a.epsilons().size()).sum();
        List<AttackTask> tasks = tasksOfTheJob();

        JsonNode rows = client.exampleRows(jobId);
        assertThat(rows).hasSize(EXAMPLES);
        List<ExampleAttack> expected = direct.attacked().stream().flatMap(a -> a.examples().stream()).toList();
        Map<String, int[]> fromJson = new LinkedHashMap<>();
        for (int i = 0; i < EXAMPLES; i++) {
            JsonNode row = rows.get(i);
            ExampleAttack want = expected.get(i);
            assertThat(row.get("exampleIndex").asInt()).isEqualTo(want.exampleIndex());
            assertThat(row.get("shardNo").asInt()).isEqualTo(i / EXAMPLES_PER_SHARD);
            assertThat(tasks.get(i / EXAMPLES_PER_SHARD).exampleIndices()).contains(want.exampleIndex());
            assertThat(row.get("label").asInt()).isEqualTo(want.label());
            assertThat(row.get("cleanPrediction").asInt()).isEqualTo(want.cleanPrediction());
            assertThat(row.get("outcomes")).as("outcomes of example %d", want.exampleIndex())
                    .hasSize(outcomesPerExample).isEqualTo(asJson(want.outcomes()));
            for (JsonNode o : row.get("outcomes")) {
                int[] count = fromJson.computeIfAbsent(budget(o.get("attack").asText(), o.get("norm").asText(),
                        o.get("epsilon").asDouble()), k -> new int[2]);
                count[0]++;
                count[1] += o.get("success").asBoolean() ? 1 : 0;
            }
        }
        assertThat(asLists(fromJson)).as("examples and successes per budget in the JSON export")
                .containsExactlyInAnyOrderEntriesOf(countsOf(stored.robustAccuracy()));

        CsvRows csv = CsvRows.parse(client.exampleCsv(jobId));
        assertThat(csv.header()).contains("example_index", "attack", "norm", "epsilon", "success", "seed");
        assertThat(csv.rows()).as("one CSV line per example and outcome").hasSize(EXAMPLES * outcomesPerExample);
        Map<String, int[]> fromCsv = new LinkedHashMap<>();
        Set<Integer> indices = new HashSet<>();
        for (Map<String, String> line : csv.rows()) {
            indices.add(Integer.parseInt(line.get("example_index")));
            int[] count = fromCsv.computeIfAbsent(budget(line.get("attack"), line.get("norm"),
                    Double.parseDouble(line.get("epsilon"))), k -> new int[2]);
            count[0]++;
            count[1] += Boolean.parseBoolean(line.get("success")) ? 1 : 0;
        }
        assertThat(indices).as("every example of the job in the CSV")
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(ExampleAttack::exampleIndex).toList());
        assertThat(asLists(fromCsv)).as("examples and successes per budget in the CSV export")
                .containsExactlyInAnyOrderEntriesOf(countsOf(stored.robustAccuracy()));
    }

    @Test
    @Order(5)
    void singularityReportEqualsCoresAggregationOfTheDirectComputation() {
        JsonNode stored = storedReport.get("singularity");
        assertThat(stored).as("ReportView.singularity").isNotNull();
        assertThat(stored.isNull()).as("ReportView.singularity is null").isFalse();
        ObjectNode want = (ObjectNode) asJson(direct.singularity());
        for (String field : List.of("points", "labelCounts", "primaryCounts", "forecasts", "bestForecaster",
                "fragileShare", "modelLabels", "rules", "curvature", "slices")) {
            assertThat(stored.get(field)).as("singularity.%s", field).isEqualTo(want.get(field));
        }
        assertThat(stored.get("points").get("clean").asInt()).isEqualTo(EXAMPLES);
        assertThat(stored.get("bestForecaster").isTextual()).as("a best forecaster is named").isTrue();
        assertThat(stored.get("forecasts")).as("a forecast row per attack budget")
                .hasSize(PLAN.stream().mapToInt(a -> a.epsilons().size()).sum());
        assertThat(stored.get("curvature").get("examples").asInt()).as("the Hessian tier ran on shard 0").isEqualTo(16);
        assertThat(stored.get("tierMillis").fieldNames()).toIterable()
                .containsExactlyInAnyOrder(SingularityPlan.CHEAP, SingularityPlan.SLICES, SingularityPlan.HESSIAN);

        Map<String, Distribution> expected = direct.singularity().distributions();
        JsonNode distributions = stored.get("distributions");
        assertThat(distributions.fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, value) -> {
            try {
                assertClose("singularity." + key, SuiteClient.JSON.treeToValue(distributions.get(key), Distribution.class),
                        value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        log("labels", "clean %s", stored.get("labelCounts").get("clean"));
        log("forecast", "best forecaster %s", stored.get("bestForecaster").asText());
    }

    @Test
    @Order(6)
    void slicePicturesAreServedAsTheValidPngsCoreRenders() throws Exception {
        List<SlicePicture> expected = direct.pictures();
        assertThat(expected).as("the plan asks for a slice per shard").isNotEmpty();
        JsonNode listed = client.slices(jobId);
        assertThat(listed).extracting(s -> s.get("exampleIndex").asInt())
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(SlicePicture::exampleIndex).toList());
        for (SlicePicture picture : expected) {
            byte[] png = client.gatewayBytes("/api/jobs/" + jobId + "/slices/" + picture.exampleIndex(), "image/png");
            assertThat(Arrays.copyOf(png, PNG_MAGIC.length)).as("PNG signature").isEqualTo(PNG_MAGIC);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image).as("ImageIO decodes the slice through example %d", picture.exampleIndex()).isNotNull();
            assertThat(image.getWidth()).isEqualTo(picture.width()).isGreaterThanOrEqualTo(100);
            assertThat(image.getHeight()).isEqualTo(picture.height()).isGreaterThanOrEqualTo(100);
            // Non-trivial: kilobytes of picture and more than a background and one line colour.
            assertThat(png.length).isGreaterThan(2_000);
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < image.getHeight(); y += 4) {
                for (int x = 0; x < image.getWidth(); x += 4) {
                    colours.add(image.getRGB(x, y));
                }
            }
            assertThat(colours).as("distinct colours in the slice picture").hasSizeGreaterThan(2);
            assertThat(png).as("the very bytes core rendered for example %d", picture.exampleIndex())
                    .isEqualTo(Base64.getDecoder().decode(picture.data()));
            log("slice", "example %d: %d × %d PNG, %d bytes, %d colours", picture.exampleIndex(), image.getWidth(),
                    image.getHeight(), png.length, colours.size());
        }
    }

    @Test
    @Order(7)
    void registeredModelsAnalysisIsServedWithItsPerLayerTable() throws Exception {
        String modelId = uploadedModel.get("id").asText();
        AtomicReference<JsonNode> analysis = new AtomicReference<>();
        await("model.analysis of " + modelId).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Optional<JsonNode> a = client.modelAnalysis(modelId);
                    a.ifPresent(analysis::set);
                    return a.isPresent();
                });
        ModelAnalysis expected = ModelAnalysisRunner.run(modelId, sha256(modelBytes),
                ModelLoader.load(modelBytes, ModelLimits.defaults()), DatasetRef.fashionMnistTest(), fashionMnistTest());
        ObjectNode stored = analysis.get().deepCopy();
        ObjectNode want = (ObjectNode) asJson(expected);
        for (ObjectNode node : List.of(stored, want)) {
            node.remove(List.of("millis", "analysedAt")); // wall-clock figures
        }
        assertThat(stored).as("the served analysis equals ModelAnalysisRunner's").isEqualTo(want);
        JsonNode layers = stored.get("layers");
        assertThat(layers).as("one row per weight layer of the 784-16-10 MLP").hasSize(2);
        assertThat(layers.get(0).get("inputs").asInt()).isEqualTo(784);
        assertThat(layers.get(0).get("outputs").asInt()).isEqualTo(16);
        assertThat(layers.get(0).get("units").get("units").asInt()).isEqualTo(16);
        assertThat(layers.get(1).get("outputs").asInt()).isEqualTo(10);
        log("model", "analysis: %d layers, labels %s", layers.size(), stored.get("labels"));
    }

    @Test
    @Order(8)
    void badRequestsAreRefusedWithTheReasonAndWriteNothing() throws SQLException {
        long jobsBefore = countJobs();
        long tasksBefore = topics.size(Topics.ATTACK_TASKS);
        long requestsBefore = topics.size(Topics.ANALYSIS_REQUESTED);
        int listedBefore = client.jobs().size();

        assertRefused(jobRequest(List.of(Map.of("attack", "no-such-attack", "norm", "linf", "epsilons", List.of(0.1)))),
                "unsupported attack 'no-such-attack/linf'");
        assertRefused(jobRequest(List.of(Map.of("attack", "fgsm", "norm", "linf", "epsilons", List.of(-0.1)))),
                "epsilon -0.1 is not a finite number");
        // C&W at its paper defaults (9 binary-search steps × 10,000 iterations) costs 120,000 units per example.
        assertRefused(jobRequest(List.of(Map.of("attack", "cw-l2", "norm", "l2", "epsilons", List.of(1.0)))),
                "needs up to 120000 cost units", "more than the maximum " + MAX_COST_PER_EXAMPLE);
        assertRefused(jobRequest(List.of(Map.of("attack", "pgd", "norm", "linf", "epsilons", List.of(0.1),
                "params", Map.of("steps", 50_000)))), "asks for 50000 iterations, more than the maximum 10000");

        String unknown = UUID.randomUUID().toString();
        for (String path : List.of("/api/jobs/" + unknown, "/api/jobs/" + unknown + "/report")) {
            HttpResponse<String> response = client.gatewayGet(path);
            assertThat(response.statusCode()).as("GET %s", path).isEqualTo(404);
            assertThat(errorOf(response)).contains(unknown);
        }

        assertThat(countJobs()).as("rows of gateway.jobs").isEqualTo(jobsBefore);
        assertThat(client.jobs().size()).as("jobs listed").isEqualTo(listedBefore);
        assertThat(topics.size(Topics.ATTACK_TASKS)).as("records on attack.tasks").isEqualTo(tasksBefore);
        assertThat(topics.size(Topics.ANALYSIS_REQUESTED)).as("records on analysis.requested").isEqualTo(requestsBefore);
    }

    @Test
    @Order(9)
    void redeliveredShardChangesNothing() {
        int rowsBefore = client.exampleRows(jobId).size();
        JsonNode reportBefore = client.report(jobId).orElseThrow();
        ConsumerRecord<byte[], byte[]> shard = topics.readAll(Topics.ATTACK_RESULTS).stream()
                .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals(jobId))
                .findFirst().orElseThrow(() -> new AssertionError("no attack.results record keyed " + jobId));

        topics.republish(shard);
        // Processed when every consumer of the redelivered record, and of what it causes, has caught up.
        await("consumers caught up after the redelivery").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> topics.lag("cusp-report", Topics.ATTACK_RESULTS) == 0
                        && topics.lag("cusp-singularity", Topics.ATTACK_RESULTS) == 0
                        && topics.lag("cusp-report", Topics.SINGULARITY_RESULTS) == 0);

        assertThat(rowsBefore).isEqualTo(EXAMPLES);
        assertThat(client.exampleRows(jobId).size()).isEqualTo(rowsBefore);
        JsonNode reportAfter = client.report(jobId).orElseThrow();
        for (String part : List.of("report", "attacks", "singularity")) {
            assertThat(reportAfter.get(part)).as(part).isEqualTo(reportBefore.get(part));
        }
        assertThat(client.job(jobId).get("shardsDone").asInt()).isEqualTo(shardsTotal);
    }

    private static void assertRefused(Map<String, Object> request, String... reasons) {
        HttpResponse<String> response = client.trySubmitJob(request);
        assertThat(response.statusCode()).as("status of %s", request.get("attacks")).isEqualTo(400);
        assertThat(errorOf(response)).as("reason for %s", request.get("attacks")).contains(reasons);
        log("refused", "%s", errorOf(response).lines().findFirst().orElse(""));
    }

    private static String errorOf(HttpResponse<String> response) {
        try {
            JsonNode body = SuiteClient.JSON.readTree(response.body());
            assertThat(body.has("error")).as("error body %s", response.body()).isTrue();
            return body.get("error").asText();
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    private static long countJobs() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, infra.jdbcUser(), infra.jdbcPassword());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM gateway.jobs")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, Object> jobRequest(List<Map<String, Object>> attacks) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("modelId", uploadedModel.get("id").asText());
        request.put("dataset", Map.of("name", DatasetRef.FASHION_MNIST, "split", "test"));
        request.put("examples", EXAMPLES);
        request.put("seed", SEED);
        request.put("attacks", attacks);
        request.put("singularityPlan", SINGULARITY_PLAN);
        return request;
    }

    private static Map<String, Object> attackRequest(AttackSpec spec) {
        return Map.of("attack", spec.attack(), "norm", spec.norm(), "epsilons", spec.epsilons(), "params",
                spec.params());
    }

    private static String budget(String attack, String norm, double epsilon) {
        return attack + "/" + norm + "/" + epsilon;
    }

    /** Examples and successes per budget, as the report's robust-accuracy table gives them. */
    private static Map<String, List<Integer>> countsOf(List<RobustAccuracy> table) {
        Map<String, List<Integer>> counts = new LinkedHashMap<>();
        table.forEach(r -> counts.put(budget(r.attack(), r.norm(), r.epsilon()), List.of(r.examples(), r.successes())));
        return counts;
    }

    private static Map<String, List<Integer>> asLists(Map<String, int[]> counts) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k, List.of(v[0], v[1])));
        return out;
    }

    /** A value as JSON the way a service sends it: written to text and read back, so numbers compare by value. */
    private static JsonNode asJson(Object value) {
        try {
            return SuiteClient.JSON.readTree(SuiteClient.JSON.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 of the bytes, computed here without core. */
    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LabeledData fashionMnistTest() {
        return FashionMnistTest.DATA;
    }

    /** Fashion-MNIST's test split, loaded once. */
    private static final class FashionMnistTest {
        static final LabeledData DATA = load();

        private static LabeledData load() {
            return new DatasetLoader(FashionMnist.DEFAULT_DIR).load(DatasetRef.fashionMnistTest());
        }
    }

    private static List<AttackTask> tasksOfTheJob() {
        List<AttackTask> tasks = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : topics.readAll(Topics.ATTACK_TASKS)) {
            try {
                AttackTask task = SuiteClient.JSON.readValue(record.value(), AttackTask.class);
                if (task.jobId().toString().equals(jobId)) {
                    tasks.add(task);
                }
            } catch (IOException e) {
                throw new AssertionError("unreadable attack.tasks record at offset " + record.offset(), e);
            }
        }
        tasks.sort(Comparator.comparingInt(AttackTask::shardNo));
        return tasks;
    }

    private static void assertClose(String key, Distribution stored, Distribution expected) {
        assertThat(stored).as(key).isNotNull();
        assertThat(stored.count()).as(key + ".count").isEqualTo(expected.count());
        double[] got = {stored.min(), stored.p10(), stored.p25(), stored.median(), stored.p75(), stored.p90(), stored.max(), stored.mean()};
        double[] want = {expected.min(), expected.p10(), expected.p25(), expected.median(), expected.p75(), expected.p90(), expected.max(), expected.mean()};
        String[] names = {"min", "p10", "p25", "median", "p75", "p90", "max", "mean"};
        for (int i = 0; i < got.length; i++) {
            if (Double.isFinite(want[i])) {
                assertThat(got[i]).as(key + "." + names[i])
                        .isCloseTo(want[i], within(RELATIVE_TOLERANCE * Math.max(1, Math.abs(want[i]))));
            } else { // +∞ for infinite condition numbers, NaN for an empty sample: the same non-finite value
                assertThat(Double.valueOf(got[i])).as(key + "." + names[i]).isEqualTo(Double.valueOf(want[i]));
            }
        }
    }

    /**
     * The tiny 784-16-10 test MLP after 30 full-batch SGD steps on 4,096 seeded Fashion-MNIST training examples: good
     * enough that some test examples are classified correctly and the attacks' outcomes vary with ε.
     */
    private static byte[] brieflyTrainedTinyMlp() throws IOException {
        LabeledData train = FashionMnist.load(FashionMnist.DEFAULT_DIR, "train");
        LabeledData part = train.select(ExampleSampler.sample(train.size(), 4096, SEED));
        MultiLayerNetwork network = TestModels.tinyMlp(SEED);
        DataSet batch = new DataSet(part.features(), part.oneHot());
        for (int step = 0; step < 30; step++) {
            network.fit(batch);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, out, false);
        return out.toByteArray();
    }

    /** Each service gets only the settings it reads (a service's config mapping may reject keys it does not know). */
    private static Map<String, String> configOf(String module, Map<String, Integer> ports) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", infra.bootstrapServers());
        if (module.equals("gateway") || module.equals("report-service")) {
            config.put("quarkus.datasource.jdbc.url", jdbcUrl);
            config.put("quarkus.datasource.username", infra.jdbcUser());
            config.put("quarkus.datasource.password", infra.jdbcPassword());
        }
        if (module.equals("gateway")) {
            config.put("cusp.report-service.url", "http://127.0.0.1:" + ports.get("report-service"));
            config.put("cusp.gateway.shards.max-message-bytes", Integer.toString(MAX_MESSAGE_BYTES));
            config.put("cusp.gateway.shards.cost-budget", Integer.toString(COST_BUDGET));
            config.put("cusp.gateway.jobs.max-cost-per-example", Integer.toString(MAX_COST_PER_EXAMPLE));
        } else if (!module.equals("report-service")) {
            config.put("cusp.gateway.url", "http://127.0.0.1:" + ports.get("gateway"));
            config.put("cusp.data.fashion-mnist-dir", FashionMnist.DEFAULT_DIR.toString());
        }
        return config;
    }

    private static String createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl(), infra.jdbcUser(), infra.jdbcPassword());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return infra.jdbcUrl().replaceFirst("/postgres$", "/" + name);
    }

    private static void stopServices() {
        List<ServiceProcess> started = new ArrayList<>(SERVICES.values());
        Collections.reverse(started);
        started.forEach(ServiceProcess::close);
        SERVICES.clear();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void log(String what, String format, Object... args) {
        System.out.printf("[SuiteIT] %-8s %s%n", what, String.format(format, args));
    }
}
