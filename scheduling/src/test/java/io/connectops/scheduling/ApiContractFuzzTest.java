package io.connectops.scheduling;

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
        return "scheduling";
    }

    /** Consumers of metrics, agent events and incidents, and the ops-task job. */
    @Override
    protected Set<String> tablesWrittenInBackground() {
        return Set.of("contact_history", "agent_state", "metric_publication", "ops_task",
                "incident_summary", "measured_service_level", "observed_contacts");
    }
}
