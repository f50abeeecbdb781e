package dev.cusp.core.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Which failures a consumer retries: a database or broker briefly away, never a bad event. Kafka's exceptions are the
 * real ones (kafka-clients is on core's test classpath only), so the by-name match is checked against the real
 * hierarchy.
 */
class TransientFailureTest {
    private final TransientFailure transientFailure = new TransientFailure();

    @Test
    void connectionExceptionsAndServersGoingAwayAreTransientWhereverTheyLieInTheChain() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
        assertThat(transientFailure.test(new RuntimeException("Unable to acquire JDBC Connection", refused))).isTrue();
        assertThat(transientFailure.test(new IllegalStateException(new RuntimeException(
                new SQLException("terminating connection due to administrator command", "57P01"))))).isTrue();
        assertThat(transientFailure.test(new SQLException("the database system is starting up", "57P03"))).isTrue();
        assertThat(transientFailure.test(new SQLException("too many clients", "53300"))).isTrue();
        assertThat(transientFailure.test(new SQLTransientConnectionException("acquisition timeout"))).isTrue();
        assertThat(transientFailure.test(new SQLRecoverableException("connection reset"))).isTrue();
    }

    @Test
    void kafkaRetriableExceptionsAreTransientByTheirSuperclassName() {
        assertThat(transientFailure.test(new TimeoutException("Expiring 1 record(s)"))).isTrue();
        assertThat(transientFailure.test(new RuntimeException(new NotLeaderOrFollowerException("moved")))).isTrue();
        assertThat(transientFailure.test(new RecordTooLargeException("over the limit"))).isFalse();
    }

    @Test
    void constraintViolationsBugsAndBadEventsAreNotTransient() {
        assertThat(transientFailure.test(new RuntimeException(
                new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
        assertThat(transientFailure.test(new IllegalStateException("bug"))).isFalse();
        assertThat(transientFailure.test(new SQLException("no state"))).isFalse();
        assertThat(transientFailure.test(new java.util.concurrent.TimeoutException("not Mutiny's"))).isFalse();
        // a bad event stays final even when something transient lies beneath it
        assertThat(transientFailure.test(new IllegalArgumentException("shardNo 5 is not in [0, 2)",
                new SQLTransientConnectionException("later")))).isFalse();
    }

    @Test
    void aCyclicCauseChainEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(transientFailure.test(a)).isFalse();
    }
}
