package io.connectops.ingest.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.connectops.ingest.domain.ConnectSource;
import io.connectops.ingest.domain.PollState;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Lists degraded sources in the readiness detail. The service stays ready: a Connect instance that fails is a
 * problem of that source, and taking the service out of rotation would stop the push API and the other sources.
 */
@Readiness
@ApplicationScoped
public class SourcesHealthCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("connect-sources").up();
        try {
            List<PollState> failing = QuarkusTransaction.requiringNew()
                    .call(() -> PollState.<PollState>list("consecutiveFailures > 0"));
            response.withData("sources", QuarkusTransaction.requiringNew().call(() -> ConnectSource.count("enabled", true)));
            response.withData("degraded", failing.stream().map(s -> s.sourceId).distinct().count());
            for (PollState state : failing) {
                // Health is open to anyone: the error text (an endpoint's answer) is for admins, on the source.
                response.withData("source " + state.sourceId + " " + state.operation.apiName(),
                        "DEGRADED since " + state.lastSuccessAt + "; the error is on GET /api/v1/sources/"
                                + state.sourceId);
            }
        } catch (RuntimeException e) {
            response.withData("error", "cannot read source health: " + e.getClass().getSimpleName());
        }
        return response.build();
    }
}
