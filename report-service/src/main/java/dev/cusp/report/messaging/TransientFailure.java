package dev.cusp.report.messaging;

import io.smallrye.mutiny.TimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Tells a failure worth retrying (PostgreSQL or the broker briefly away) from a deterministic one (a bad event, a
 * constraint, a bug), looking through the whole cause chain because JDBC and Hibernate wrap what went wrong. Used by
 * every consumer's {@code @RetryWhen}; whatever it rejects goes to the dead-letter queue on the first failure.
 */
public final class TransientFailure implements Predicate<Throwable> {
    /**
     * PostgreSQL SQLSTATEs of a server that is away or going away (PostgreSQL manual, Appendix A): class 08
     * (connection exception) is matched by prefix; 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect
     * now (starting up), 53300 too many connections.
     */
    static final Set<String> SERVER_AWAY = Set.of("57P01", "57P02", "57P03", "53300");

    /** Causes looked at, at most (a chain is a few levels deep; this only guards against a cycle). */
    private static final int MAX_DEPTH = 32;

    @Override
    public boolean test(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++, t = t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                return false;
            }
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof RetriableException || t instanceof TimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || SERVER_AWAY.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
