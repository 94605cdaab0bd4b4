package io.connectops.alerting;

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
        return "alerting";
    }

    /**
     * The evaluator and its checkpoints, the silences that maintenance windows open, and the external alerts their
     * consumer applies (any producer on the shared broker may send one while the fuzz runs).
     */
    @Override
    protected Set<String> tablesWrittenInBackground() {
        return Set.of("series_latest", "partition_checkpoint", "alert", "alert_history", "alert_group",
                "silence", "rule_seed", "external_alert");
    }
}
