package io.connectops.ingest;

import java.util.Set;

import io.connectops.platform.testing.ApiContractFuzz;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ApiContractFuzzTest extends ApiContractFuzz {

    @Override
    protected String schema() {
        return "ingest";
    }

    /**
     * Pollers, leases, rate limits, the write-behind of pushed series, and the receipts of received alerts (resolved
     * ones are forgotten in the background).
     */
    @Override
    protected Set<String> tablesWrittenInBackground() {
        return Set.of("source_poll_state", "agent_state", "series_latest", "source_lease", "sns_message",
                "connect_rate_limit", "alert_receipt");
    }
}
