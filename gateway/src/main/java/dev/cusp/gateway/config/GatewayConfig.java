package dev.cusp.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the gateway: upload limits, job limits, shard sizing and how long to wait for the broker. */
@ConfigMapping(prefix = "cusp.gateway")
public interface GatewayConfig {

    /** Largest model file accepted, in bytes (64 MiB, as {@code ModelLimits.defaults()}). */
    @WithDefault("67108864")
    long maxModelBytes();

    /** Most zip entries a model file may have before DL4J sees it. */
    @WithDefault("64")
    int maxModelEntries();

    /** Largest total uncompressed size of a model file's zip entries, in bytes (256 MiB). */
    @WithDefault("268435456")
    long maxModelUncompressedBytes();

    /** Limits on what a job may ask for. */
    Jobs jobs();

    /** How a job is cut into {@code attack.tasks} shards. */
    Shards shards();

    /** Limits on a job's singularity plan. */
    Singularity singularity();

    /** How long a request waits for the broker to acknowledge what it publishes. */
    @WithDefault("30s")
    Duration publishTimeout();

    /** Limits on what a job may ask for. */
    interface Jobs {
        /** Most examples in one job. */
        @WithDefault("10000")
        int maxExamples();

        /** Largest L∞ attack budget ε accepted (inputs are scaled to [0, 1], so 1 already covers the whole range). */
        @WithDefault("1.0")
        double maxEpsilon();

        /** Largest L2 budget (√784 = 28: the distance across a whole Fashion-MNIST image's unit cube). */
        @WithDefault("28.0")
        double maxEpsilonL2();

        /** Largest L1 budget (784: every pixel of a Fashion-MNIST image changed by the full range). */
        @WithDefault("784.0")
        double maxEpsilonL1();

        /** Most iterations (steps) per run an attack may ask for (C&amp;W's default is 10,000). */
        @WithDefault("10000")
        int maxIterations();

        /** Most restarts (or target classes, or C&amp;W binary-search steps) an attack may ask for. */
        @WithDefault("20")
        int maxRestarts();

        /** Most model queries per example an attack may ask for (HopSkipJump's defaults need about 36,000). */
        @WithDefault("100000")
        long maxQueries();

        /**
         * Most worst-case cost units (gradient evaluations, a query 1/3) one example of the whole plan may need: a
         * shard holds at least one example and must finish well inside attack-service's 120 s commit timeout
         * (measured 1–2 ms per unit on the demo MLP: 20,000 units ≈ 20–40 s). C&amp;W at its defaults (9 × 10,000
         * steps, 120,000 units) needs fewer steps.
         */
        @WithDefault("20000")
        double maxCostPerExample();
    }

    /** How a job is cut into shards. */
    interface Shards {
        /** Largest Kafka message a shard's results may need, in bytes (below the broker's 1 MB default). */
        @WithDefault("900000")
        int maxMessageBytes();

        /**
         * Work budget of one shard in gradient evaluations (examples × Σ over attacks of ε count × evaluations per
         * ε, as {@code ShardPlanner} counts them); keeps a shard well inside the consumer's commit timeout.
         */
        @WithDefault("4096")
        int costBudget();
    }

    /**
     * Limits on the costly singularity tiers. Each budget has a maximum, and their work per shard
     * ({@code SingularityPlan.costlyGradientRows()}) has one: with the cheap tier it keeps a shard well inside the
     * consumers' 120 s unprocessed-record max age (measured on the demo MLP: singularity-service/README.md).
     */
    interface Singularity {
        @WithDefault("16")
        int maxCleverExamples();

        @WithDefault("500")
        int maxCleverBatches();

        @WithDefault("1024")
        int maxCleverBatchSize();

        @WithDefault("8")
        int maxCleverSeeds();

        @WithDefault("4")
        int maxSliceExamples();

        /** Largest slice grid (nodes per axis); the smallest is 11. */
        @WithDefault("201")
        int maxSliceGrid();

        @WithDefault("512")
        int maxHessianExamples();

        @WithDefault("100")
        int maxHessianIterations();

        /** Most gradient rows the costly tiers may add to one shard. */
        @WithDefault("150000")
        long maxGradientRowsPerShard();
    }
}
