package io.connectops.scheduling.roster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.connectops.scheduling.staffing.QueueLoad;

class IntervalDemandTest {

    @Test
    void aMissingAgentCostsWhatItDoesToTheServiceLevel() {
        // 10 Erlangs, 14 agents needed for 80/20: one short costs little, four short (overloaded) costs a lot.
        QueueLoad load = new QueueLoad(100, 1800, 180, 20);
        IntervalDemand demand = IntervalDemand.serviceLevelWeighted(0, Instant.EPOCH, 14, load);
        assertEquals(0, demand.shortage(14));
        assertEquals(0, demand.shortage(20));
        long oneShort = demand.shortage(13);
        long fourShort = demand.shortage(10);
        assertTrue(oneShort > 0);
        assertTrue(fourShort > 4 * oneShort, oneShort + " vs " + fourShort);
        for (int n = 0; n < 14; n++) {
            assertTrue(demand.shortage(n) > demand.shortage(n + 1), "cost falls with every agent added");
        }
    }

    @Test
    void withoutALoadShortagesCostQuadratically() {
        IntervalDemand demand = IntervalDemand.quadratic(0, Instant.EPOCH, 5);
        assertEquals(100, demand.shortage(4));
        assertEquals(400, demand.shortage(3));
        assertEquals(0, demand.shortage(5));
    }
}
