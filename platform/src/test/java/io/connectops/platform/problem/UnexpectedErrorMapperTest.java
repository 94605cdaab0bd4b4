package io.connectops.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.DateTimeException;

import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

/** The statuses that failures from below the API get, and that none of them leaks what the database said. */
class UnexpectedErrorMapperTest {

    private final UnexpectedErrorMapper mapper = new UnexpectedErrorMapper();

    @Test
    void aDuplicateKeyIsAConflictThatDoesNotRepeatTheKey() {
        Response response = mapper.toResponse(new PersistenceException(new SQLException(
                "ERROR: duplicate key value violates unique constraint \"channel_name_key\"\n"
                        + "  Detail: Key (name)=(ops@example.com) already exists.", "23505")));
        assertThat(response.getStatus()).isEqualTo(409);
        assertThat(problem(response).detail()).doesNotContain("ops@example.com").doesNotContain("channel_name_key");
    }

    @Test
    void aValueTheDatabaseCannotStoreIsABadRequest() {
        assertThat(mapper.toResponse(wrapped("22001")).getStatus()).isEqualTo(400);
        assertThat(mapper.toResponse(wrapped("22021")).getStatus()).isEqualTo(400);
        assertThat(mapper.toResponse(wrapped("23502")).getStatus()).isEqualTo(400);
    }

    @Test
    void anUnavailableDatabaseIsA503WithRetryAfter() {
        Response lost = mapper.toResponse(wrapped("08006"));
        assertThat(lost.getStatus()).isEqualTo(503);
        assertThat(lost.getHeaderString("Retry-After")).isEqualTo(UnexpectedErrorMapper.RETRY_AFTER_SECONDS);
        Response busy = mapper.toResponse(new RuntimeException(new SQLException("Sorry, acquisition timeout!")));
        assertThat(busy.getStatus()).isEqualTo(503);
    }

    @Test
    void aConcurrentChangeIsAConflict() {
        assertThat(mapper.toResponse(new OptimisticLockException("row was updated")).getStatus()).isEqualTo(409);
        assertThat(mapper.toResponse(wrapped("40001")).getStatus()).isEqualTo(409);
    }

    @Test
    void aDomainRuleRefusalIsABadRequest() {
        assertThat(mapper.toResponse(new IllegalArgumentException("first-result cannot be negative")).getStatus())
                .isEqualTo(400);
        assertThat(mapper.toResponse(new DateTimeException("Instant exceeds maximum")).getStatus()).isEqualTo(400);
    }

    @Test
    void anythingElseIsA500ThatCarriesOnlyAnErrorId() {
        Response response = mapper.toResponse(new IllegalStateException("password=hunter2 in a bug"));
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(problem(response).detail()).startsWith("An unexpected error occurred; quote error id")
                .doesNotContain("hunter2");
    }

    private static PersistenceException wrapped(String sqlState) {
        return new PersistenceException(new SQLException("ERROR: value from row 'x'", sqlState));
    }

    private static Problem problem(Response response) {
        return (Problem) response.getEntity();
    }
}
