package io.connectops.platform.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import jakarta.persistence.PersistenceException;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.EventCodec;

/** Which failures say nothing about the record (retried in place) and which do (dead-lettered). */
class SettlementTest {

    @Test
    void anUnreachableOrFailingOverDatabaseIsTransient() {
        assertThat(Settlement.isTransient(new PersistenceException(new SQLException("refused", "08001")))).isTrue();
        assertThat(Settlement.isTransient(new RuntimeException(new SQLException("terminating", "57P01")))).isTrue();
        assertThat(Settlement.isTransient(new RuntimeException(new SQLException("too many clients", "53300"))))
                .isTrue();
        assertThat(Settlement.isTransient(new SQLTransientConnectionException("pool"))).isTrue();
        assertThat(Settlement.isTransient(new RuntimeException(new SQLException("Sorry, acquisition timeout!"))))
                .isTrue();
    }

    @Test
    void aSerialisationFailureOrDeadlockIsTransient() {
        assertThat(Settlement.isTransient(new RuntimeException(new SQLException("serialize", "40001")))).isTrue();
        assertThat(Settlement.isTransient(new RuntimeException(new SQLException("deadlock", "40P01")))).isTrue();
    }

    @Test
    void anUnreadableRecordOrARefusedValueIsNot() {
        assertThat(Settlement.isTransient(new EventCodec.MalformedEventException("not JSON"))).isFalse();
        assertThat(Settlement.isTransient(new PersistenceException(new SQLException("too long", "22001")))).isFalse();
        assertThat(Settlement.isTransient(new PersistenceException(new SQLException("duplicate", "23505"))))
                .isFalse();
        assertThat(Settlement.isTransient(new IllegalStateException("a bug"))).isFalse();
    }
}
