package dev.cusp.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One Cusp service run from its built Quarkus fast-jar as a child process, configured by system properties. */
final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String module;
    private final int port;
    private final Path log;
    private final Process process;

    private ServiceProcess(String module, int port, Path log, Process process) {
        this.module = module;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts {@code ../<module>/target/quarkus-app/quarkus-run.jar} on {@code port} with one BLAS thread,
     * {@code config} as {@code -D} properties, output to {@code <logDir>/<module>.log}.
     */
    static ServiceProcess start(String module, int port, Map<String, String> config, Path logDir) {
        Path jar = Path.of("..", module, "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw -B -DskipTests package)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(module + ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().put("OMP_NUM_THREADS", "1");
            return new ServiceProcess(module, port, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + module, e);
        }
    }

    String module() {
        return module;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** True when {@code /q/health/ready} answers 200; fails with the log tail when the process has exited. */
    boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException(module + " exited with code " + process.exitValue() + "; log tail:\n" + logTail(40));
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Resident set size of the process in MiB, from {@code /proc/<pid>/status} (VmRSS). */
    long rssMiB() {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no VmRSS line for " + module));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM (Quarkus shuts down gracefully), then SIGKILL after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
