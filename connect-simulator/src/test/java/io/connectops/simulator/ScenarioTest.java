package io.connectops.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What each scenario makes of a queue: only the queues it degrades look unhealthy. */
class ScenarioTest {

    @Test
    void theSurgeDegradesItsQueueWhileTheOthersMeetTheirServiceLevel() {
        int other = Scenario.SURGE_QUEUE + 1;

        // 20 s threshold; the surge queue's oldest contact has waited 45 s at minute 0, 345 s at minute 5.
        assertThat(Scenario.CALL_SURGE.serviceLevel(Scenario.SURGE_QUEUE, 0, 20)).isEqualTo(47.1);
        assertThat(Scenario.CALL_SURGE.serviceLevel(Scenario.SURGE_QUEUE, 5, 20)).isEqualTo(10.4);
        assertThat(Scenario.CALL_SURGE.abandonmentRate(Scenario.SURGE_QUEUE, 5)).isEqualTo(14.0);

        assertThat(Scenario.CALL_SURGE.serviceLevel(other, 30, 20)).isEqualTo(90.0);
        assertThat(Scenario.CALL_SURGE.abandonmentRate(other, 30)).isEqualTo(5.0);
        assertThat(Scenario.NORMAL_DAY.serviceLevel(Scenario.SURGE_QUEUE, 30, 20)).isEqualTo(91.0);
    }

    @Test
    void anOutageDegradesEveryQueue() {
        for (int queue = 0; queue < 3; queue++) {
            assertThat(Scenario.AGENT_OUTAGE.serviceLevel(queue, 10, 20)).isLessThan(80.0);
        }
    }
}
