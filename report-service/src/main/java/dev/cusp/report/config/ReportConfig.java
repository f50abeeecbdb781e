package dev.cusp.report.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the report-service. */
@ConfigMapping(prefix = "cusp.report")
public interface ReportConfig {

    /** How long a consumer waits for the broker to acknowledge {@code job.progress} and {@code report.ready}. */
    @WithDefault("30s")
    Duration publishTimeout();
}
