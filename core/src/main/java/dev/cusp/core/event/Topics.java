package dev.cusp.core.event;

/** Kafka topic names and CloudEvents types of every event Cusp exchanges (docs/architecture.md). */
public final class Topics {
    public static final String MODEL_REGISTERED = "model.registered";
    public static final String ANALYSIS_REQUESTED = "analysis.requested";
    public static final String ATTACK_TASKS = "attack.tasks";
    public static final String ATTACK_RESULTS = "attack.results";
    public static final String SINGULARITY_RESULTS = "singularity.results";
    public static final String MODEL_ANALYSIS = "model.analysis";
    public static final String JOB_PROGRESS = "job.progress";
    public static final String REPORT_READY = "report.ready";

    /** Suffix of the dead-letter topic that receives what a consumer of a topic could not process. */
    public static final String DLQ_SUFFIX = ".dlq";

    /** Reverse-DNS CloudEvents type of a topic's events, version 1: {@code dev.cusp.attack.results.v1}. */
    public static String cloudEventType(String topic) {
        return "dev.cusp." + topic + ".v1";
    }

    private Topics() {
    }
}
