package dev.cusp.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cusp.core.data.DatasetLoader;
import dev.cusp.core.data.ExampleSampler;
import dev.cusp.core.data.FashionMnist;
import dev.cusp.core.data.LabeledData;
import dev.cusp.core.event.AttackResults;
import dev.cusp.core.event.AttackTask;
import dev.cusp.core.event.DatasetRef;
import dev.cusp.core.event.ExampleAttack;
import dev.cusp.core.event.PointGeometry;
import dev.cusp.core.event.Topics;
import dev.cusp.core.job.AttackShardRunner;
import dev.cusp.core.job.Distribution;
import dev.cusp.core.job.LabelReference;
import dev.cusp.core.job.SingularityShardRunner;
import dev.cusp.core.job.JobReport;
import dev.cusp.core.job.ReportAggregator;
import dev.cusp.core.job.ShardPlanner;
import dev.cusp.core.model.Classifier;
import dev.cusp.core.model.ModelLimits;
import dev.cusp.core.model.ModelLoader;
import dev.cusp.core.testing.LocalInfra;
import dev.cusp.core.testing.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
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
 * PostgreSQL run a 64-example FGSM job over several shards, and the stored report must equal what {@code core}
 * computes directly for the same model bytes, examples and shard boundaries.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteIT {
    /** Seed of the job's example sample and of the test model (printed with the results). */
    private static final long SEED = 7;
    private static final int EXAMPLES = 64;
    private static final List<Double> EPSILONS = List.of(0.01, 0.03, 0.1);
    /**
     * The gateway's shard work budget for this run (property {@code cusp.gateway.shards.cost-budget}), small so
     * that 64 examples make several shards.
     */
    private static final int COST_BUDGET = 64;
    /** The gateway's bound on one shard's result message (its default, stated here so the test can re-plan). */
    private static final int MAX_MESSAGE_BYTES = 900_000;
    /**
     * Distribution statistics are recomputed by the report-service from stored per-example rows: the same doubles,
     * possibly summed in another order (the mean), so they may differ by rounding only. 1e-9 relative is far below
     * any real discrepancy (a float32 round trip alone is about 6e-8) and far above reordered double sums (~1e-15).
     */
    private static final double RELATIVE_TOLERANCE = 1e-9;

    private static final Path LOG_DIR = Path.of("target", "it-logs");
    private static final Map<String, ServiceProcess> SERVICES = new LinkedHashMap<>();

    private static LocalInfra infra;
    private static TopicProbe topics;
    private static SuiteClient client;
    private static byte[] modelBytes;
    private static String jobId;
    private static int shardsTotal;
    private static JsonNode storedReport;

    @BeforeAll
    static void startTheSuiteAndRunAJob() throws Exception {
        long t0 = System.nanoTime();
        infra = LocalInfra.start(true, true);
        String jdbcUrl = createDatabase("cusp");
        topics = new TopicProbe(infra.bootstrapServers());
        log("infra", "kafka %s, postgres %s (%.1f s)", infra.bootstrapServers(), jdbcUrl, seconds(t0));

        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String module : List.of("report-service", "attack-service", "singularity-service", "gateway")) {
            ports.put(module, freePort());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(SuiteIT::stopServices));
        long t1 = System.nanoTime();
        ports.forEach((module, port) -> SERVICES.put(module,
                ServiceProcess.start(module, port, configOf(module, ports, jdbcUrl), LOG_DIR)));
        for (ServiceProcess service : SERVICES.values()) {
            await("readiness of " + service.module()).atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                    .until(service::ready);
        }
        log("services", "all four ready (%.1f s); logs in %s", seconds(t1), LOG_DIR.toAbsolutePath());

        client = new SuiteClient(SERVICES.get("gateway").baseUrl(), SERVICES.get("report-service").baseUrl());
        modelBytes = brieflyTrainedTinyMlp();
        JsonNode model = client.uploadModel(modelBytes, "suite-it-tiny-mlp", "1");
        long t2 = System.nanoTime();
        JsonNode job = client.submitJob(Map.of(
                "modelId", model.get("id").asText(),
                "dataset", Map.of("name", DatasetRef.FASHION_MNIST, "split", "test"),
                "examples", EXAMPLES,
                "seed", SEED,
                "attacks", List.of(Map.of("attack", "fgsm", "norm", "linf", "epsilons", EPSILONS))));
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
        log("job", "%s: %d examples in %d shards, report after %.1f s", jobId, EXAMPLES, shardsTotal, seconds(t2));
        SERVICES.values().forEach(s -> log("rss", "%-20s %5d MiB (pid %d, after the job)", s.module(), s.rssMiB(), s.pid()));
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
    void storedReportEqualsCoresDirectComputation() throws Exception {
        Classifier model = ModelLoader.load(modelBytes, ModelLimits.defaults());
        LabeledData data = new DatasetLoader(FashionMnist.DEFAULT_DIR).load(DatasetRef.fashionMnistTest());
        List<AttackTask> tasks = tasksOfTheJob();

        assertThat(tasks).as("shards of the job on attack.tasks").hasSize(shardsTotal);
        assertThat(shardsTotal).as("the job must really be split (cost budget %d)", COST_BUDGET).isGreaterThanOrEqualTo(3);
        int[] sampled = ExampleSampler.sample(data.size(), EXAMPLES, SEED);
        assertThat(tasks.stream().flatMapToInt(t -> IntStream.of(t.exampleIndices())).toArray())
                .as("the shards cover exactly the seeded sample, in order").containsExactly(sampled);

        List<int[]> planned = ShardPlanner.split(sampled,
                ShardPlanner.maxExamplesPerShard(tasks.get(0).plan(), model.inputSize(), MAX_MESSAGE_BYTES, COST_BUDGET));
        assertThat(tasks).extracting(AttackTask::exampleIndices)
                .as("shard boundaries as ShardPlanner draws them").containsExactlyElementsOf(planned);

        List<ExampleAttack> examples = new ArrayList<>();
        List<PointGeometry> points = new ArrayList<>();
        // The geometry as singularity-service computes it: the job's tiers, with the label reference population
        // of this model and data set.
        LabelReference reference = LabelReference.of(model, data);
        for (AttackTask task : tasks) {
            AttackResults attacked = AttackShardRunner.run(model, data, task);
            examples.addAll(attacked.examples());
            points.addAll(SingularityShardRunner.run(model, data, attacked, reference).points());
        }
        JobReport expected = ReportAggregator.aggregate(examples, points);
        JobReport stored = SuiteClient.JSON.treeToValue(storedReport.get("report"), JobReport.class);

        assertThat(stored.examples()).isEqualTo(EXAMPLES).isEqualTo(expected.examples());
        assertThat(stored.cleanAccuracy()).isEqualTo(expected.cleanAccuracy());
        assertThat(stored.robustAccuracy()).isEqualTo(expected.robustAccuracy());
        assertThat(stored.distributions().keySet()).containsExactlyInAnyOrderElementsOf(expected.distributions().keySet());
        expected.distributions().forEach((key, want) -> assertClose(key, stored.distributions().get(key), want));

        // Clean accuracy once more, independently of every runner: argmax of the logits against the labels.
        LabeledData picked = data.select(sampled);
        int[] predicted = model.predict(picked.features());
        long correct = IntStream.range(0, EXAMPLES).filter(i -> predicted[i] == picked.labels()[i]).count();
        assertThat(stored.cleanAccuracy()).isEqualTo(correct / (double) EXAMPLES);
        assertThat(stored.robustAccuracy()).allSatisfy(r -> assertThat(r.accuracy()).isLessThanOrEqualTo(stored.cleanAccuracy()));
        log("report", "seed %d: clean accuracy %.4f, robust %s", SEED, stored.cleanAccuracy(),
                stored.robustAccuracy().stream().map(r -> "eps " + r.epsilon() + ": " + r.accuracy()).toList());
    }

    @Test
    @Order(2)
    void redeliveredShardChangesNothing() {
        int rowsBefore = client.exampleRows(jobId).size();
        JsonNode reportBefore = client.report(jobId).orElseThrow().get("report");
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
        assertThat(client.report(jobId).orElseThrow().get("report")).isEqualTo(reportBefore);
        assertThat(client.job(jobId).get("shardsDone").asInt()).isEqualTo(shardsTotal);
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
     * enough that some test examples are classified correctly and FGSM's outcome varies with ε.
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
    private static Map<String, String> configOf(String module, Map<String, Integer> ports, String jdbcUrl) {
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
