package io.connectops.incidents;

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
        return "incidents";
    }

    /** Alerts from the shared test broker open incidents, deliveries and timers add to timelines, reports publish. */
    @Override
    protected Set<String> tablesWrittenInBackground() {
        return Set.of("incident", "incident_alert", "timeline_entry", "incident_timer", "published_report");
    }
}
