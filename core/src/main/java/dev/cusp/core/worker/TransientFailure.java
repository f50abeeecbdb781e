package dev.cusp.core.worker;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Tells a failure worth retrying (PostgreSQL or the broker briefly away) from a deterministic one (a bad event, a
 * constraint, a bug), looking through the whole cause chain because JDBC and Hibernate wrap what went wrong. The
 * services' Kafka consumers name it in {@code @RetryWhen}; whatever it rejects goes to the dead-letter queue on the
 * first failure. Core has no Kafka or Mutiny dependency, so their exception types are matched by class name up each
 * cause's superclass chain.
 */
public final class TransientFailure implements Predicate<Throwable> {
    /**
     * PostgreSQL SQLSTATEs of a server that is away or going away (PostgreSQL manual, Appendix A): class 08
     * (connection exception) is matched by prefix; 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect
     * now (starting up), 53300 too many connections.
     */
    public static final Set<String> SERVER_AWAY = Set.of("57P01", "57P02", "57P03", "53300");

    /**
     * Types whose subclasses are transient: Kafka's {@code RetriableException} (its {@code TimeoutException},
     * {@code NotLeaderOrFollowerException}, {@code DisconnectException}, …) and Mutiny's {@code TimeoutException}
     * (a broker acknowledgement awaited with {@code await().atMost(…)} that did not come).
     */
    public static final Set<String> TRANSIENT_TYPES = Set.of("org.apache.kafka.common.errors.RetriableException",
            "io.smallrye.mutiny.TimeoutException");

    /** Causes looked at, at most (a chain is a few levels deep; this only guards against a cycle). */
    private static final int MAX_DEPTH = 32;

    @Override
    public boolean test(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                return false;
            }
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException || isTransientType(t)) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || SERVER_AWAY.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTransientType(Throwable t) {
        for (Class<?> type = t.getClass(); type != null; type = type.getSuperclass()) {
            if (TRANSIENT_TYPES.contains(type.getName())) {
                return true;
            }
        }
        return false;
    }
}
