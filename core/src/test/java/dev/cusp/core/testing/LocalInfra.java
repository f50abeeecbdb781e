package dev.cusp.core.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, in-process) and a real PostgreSQL (embedded binaries) on 127.0.0.1,
 * started in parallel for a test run. Recipes from shared/infra/NOTES.md.
 */
public final class LocalInfra implements AutoCloseable {
    private final KafkaRaftServer broker;
    private final Path brokerDir;
    private final String bootstrapServers;
    private final Path postgresDir;
    private final int postgresPort;
    private EmbeddedPostgres postgres;

    private LocalInfra(KafkaRaftServer broker, Path brokerDir, String bootstrapServers, Path postgresDir,
            int postgresPort, EmbeddedPostgres postgres) {
        this.broker = broker;
        this.brokerDir = brokerDir;
        this.bootstrapServers = bootstrapServers;
        this.postgresDir = postgresDir;
        this.postgresPort = postgresPort;
        this.postgres = postgres;
    }

    /** Starts both servers; either may be skipped with {@code withKafka}/{@code withPostgres} false. */
    public static LocalInfra start(boolean withKafka, boolean withPostgres) {
        Path pgDir;
        int pgPort;
        try {
            pgDir = withPostgres ? Files.createTempDirectory("cusp-pg-") : null;
            pgPort = withPostgres ? freePort() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<EmbeddedPostgres> pg = withPostgres
                ? CompletableFuture.supplyAsync(() -> startPostgres(pgDir, pgPort))
                : CompletableFuture.completedFuture(null);
        KafkaRaftServer server = null;
        Path dir = null;
        String bootstrap = null;
        if (withKafka) {
            try {
                dir = Files.createTempDirectory("cusp-kraft-");
                int brokerPort = freePort();
                int controllerPort = freePort();
                server = startKafka(dir, brokerPort, controllerPort);
                bootstrap = "127.0.0.1:" + brokerPort;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new LocalInfra(server, dir, bootstrap, pgDir, pgPort, pg.join());
    }

    /** Stops PostgreSQL (fast shutdown: open sessions are cut), keeping its data for {@link #startPostgres()}. */
    public synchronized void stopPostgres() {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL is not running");
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        postgres = null;
    }

    /** Starts PostgreSQL again on the same port with the data it had when {@link #stopPostgres()} stopped it. */
    public synchronized void startPostgres() {
        if (postgres != null) {
            throw new IllegalStateException("PostgreSQL is already running on port " + postgresPort);
        }
        if (postgresDir == null) {
            throw new IllegalStateException("this LocalInfra was started without PostgreSQL");
        }
        postgres = startPostgres(postgresDir, postgresPort);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres";
    }

    public String jdbcUser() {
        return "postgres";
    }

    public String jdbcPassword() {
        return "postgres";
    }

    @Override
    public void close() {
        if (broker != null) {
            broker.shutdown();
            broker.awaitShutdown();
            deleteTree(brokerDir);
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (postgresDir != null) {
            deleteTree(postgresDir);
        }
    }

    /** A fresh cluster in an empty {@code dir}, or the one already in it (restart), on {@code port}. */
    private static EmbeddedPostgres startPostgres(Path dir, int port) {
        try {
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("max_connections", "200")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KafkaRaftServer startKafka(Path dir, int brokerPort, int controllerPort) throws IOException {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("num.partitions", "2");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        Path config = dir.resolve("server.properties");
        try (var out = Files.newOutputStream(config)) {
            p.store(out, "cusp test broker");
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int code = kafka.tools.StorageTool.execute(
                new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
                new PrintStream(log, true, StandardCharsets.UTF_8));
        if (code != 0) {
            throw new IllegalStateException("Kafka storage format failed: " + log.toString(StandardCharsets.UTF_8));
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
        server.startup();
        return server;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
