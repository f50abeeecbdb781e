package dev.cusp.attack.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/** Settings of attack-service under {@code cusp.*}: where models and data come from, cache and message limits. */
@ConfigMapping(prefix = "cusp")
public interface AttackServiceConfig {

    Gateway gateway();

    Data data();

    Models models();

    Messaging messaging();

    /** The gateway serves model bytes at {@code {url}/api/artifacts/{sha256}}. */
    interface Gateway {
        @WithDefault("http://127.0.0.1:8080")
        URI url();

        @WithDefault("5s")
        Duration connectTimeout();

        /**
         * One request's limit; a timeout counts as the gateway being unavailable and is retried by the worker's
         * retry policy (see application.properties, "Fault tolerance").
         */
        @WithDefault("25s")
        Duration requestTimeout();
    }

    /** Data sets every worker loads by itself (nothing is downloaded at run time). */
    interface Data {
        @WithDefault("/usr/share/datasets/fashion-mnist")
        String fashionMnistDir();
    }

    /** Loaded models kept in memory, most recently used first. */
    interface Models {
        @WithDefault("4")
        int cacheSize();
    }

    /** Kafka message limit shared with the producer's {@code max.request.size} (broker default 1 MB). */
    interface Messaging {
        @WithDefault("1048576")
        int maxMessageBytes();
    }
}
