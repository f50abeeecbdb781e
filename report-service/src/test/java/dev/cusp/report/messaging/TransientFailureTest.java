package dev.cusp.report.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cusp.core.worker.TransientFailure;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;

/**
 * Which failures a report-service consumer retries (core's {@link TransientFailure}) as Hibernate and Mutiny raise
 * them here: a database or broker briefly away, never a bad event.
 */
class TransientFailureTest {
    private final TransientFailure transientFailure = new TransientFailure();

    @Test
    void connectionRefusedUnderHibernateIsTransient() {
        SQLException refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");
        assertThat(transientFailure.test(new JDBCConnectionException("Unable to acquire JDBC Connection", refused)))
                .isTrue();
    }

    @Test
    void serverShuttingDownOrStartingIsTransient() {
        assertThat(transientFailure.test(new RuntimeException(new SQLException("terminating connection", "57P01"))))
                .isTrue();
        assertThat(transientFailure.test(new SQLException("the database system is starting up", "57P03"))).isTrue();
    }

    @Test
    void jdbcTransientExceptionIsTransient() {
        assertThat(transientFailure.test(new SQLTransientConnectionException("acquisition timeout"))).isTrue();
    }

    @Test
    void brokerSendTimeoutsAreTransient() {
        assertThat(transientFailure.test(new io.smallrye.mutiny.TimeoutException())).isTrue();
        assertThat(transientFailure.test(new org.apache.kafka.common.errors.TimeoutException("expired"))).isTrue();
    }

    @Test
    void constraintViolationIsNotTransient() {
        SQLException duplicate = new SQLException("duplicate key value violates unique constraint", "23505");
        assertThat(transientFailure.test(new ConstraintViolationException("insert", duplicate, "pk"))).isFalse();
    }

    @Test
    void badEventIsNotTransientEvenWhenSomethingTransientLiesBeneath() {
        assertThat(transientFailure.test(new IllegalArgumentException("shardNo 5 is not in [0, 2)"))).isFalse();
        assertThat(transientFailure.test(new IllegalArgumentException("bad",
                new SQLTransientConnectionException("later")))).isFalse();
    }

    @Test
    void failureWithoutCauseOrSqlStateIsNotTransient() {
        assertThat(transientFailure.test(new IllegalStateException("bug"))).isFalse();
        assertThat(transientFailure.test(new SQLException("no state"))).isFalse();
    }
}
