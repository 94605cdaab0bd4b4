package io.connectops.notifications;

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
        return "notifications";
    }

    /** Deliveries made from consumed events, acknowledgements they carry, digests, pacing and circuit breakers. */
    @Override
    protected Set<String> tablesWrittenInBackground() {
        return Set.of("delivery", "delivery_attempt", "thread_state", "alert_notification",
                "digest_item", "digest_run", "channel_pace", "channel_circuit", "incident_acknowledgement",
                // What the alert and incident consumers remember of conversations (alert groups, incidents' alerts).
                "alert_group", "alert_group_member", "alert_incident", "incident_conversation");
    }
}
