package io.connectops.scheduling.staffing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Reference values from pyworkforce 0.5.4's tests (test_erlang.py, test_abandonment.py), see the scheduling reference. */
class ErlangCTest {

    /** 100 contacts per 30 min, AHT 3 min, threshold 0.33 min: A = 10 Erlangs. */
    private static final QueueLoad PYWORKFORCE = new QueueLoad(100, 1800, 180, 0.33 * 60);
    private static final double THREE_DECIMALS = 0.0005;

    @Test
    void trafficIsArrivalsTimesHandleTime() {
        assertEquals(10.0, PYWORKFORCE.trafficErlangs(), 1e-12);
        assertEquals(30.0, new QueueLoad(600, 3600, 180, 20).trafficErlangs(), 1e-12);
    }

    @Test
    void fourteenAgentsOnTenErlangs() {
        QueuePerformance performance = ErlangC.evaluate(PYWORKFORCE, 14);
        assertEquals(0.174, performance.waitProbability(), THREE_DECIMALS);
        assertEquals(0.888, performance.serviceLevel(), THREE_DECIMALS);
        assertEquals(0.714, performance.occupancy(), THREE_DECIMALS);
        // ASA = C · AHT / (N − A) = 0.1741 · 180 / 4
        assertEquals(0.17411 * 180 / 4, performance.asaSeconds(), 0.01);
    }

    @Test
    void targetSearchWithOccupancyCapAndShrinkage() {
        StaffingPlan plan = StaffingCalculator.required(PYWORKFORCE, 0.8, 0.85, 0.3, null);
        assertEquals(14, plan.performance().agents());
        assertEquals(20, plan.scheduledAgents());
        assertEquals(0.888, plan.performance().serviceLevel(), THREE_DECIMALS);
        assertEquals(0.714, plan.performance().occupancy(), THREE_DECIMALS);
        assertEquals(0.174, plan.performance().waitProbability(), THREE_DECIMALS);
    }

    @Test
    void occupancyCapBindsAtFifteen() {
        for (double target : new double[] {0.8, 0.9}) {
            StaffingPlan plan = StaffingCalculator.required(PYWORKFORCE, target, 0.70, 0.3, null);
            assertEquals(15, plan.performance().agents());
            assertEquals(22, plan.scheduledAgents());
            assertEquals(0.941, plan.performance().serviceLevel(), THREE_DECIMALS);
            assertEquals(0.667, plan.performance().occupancy(), THREE_DECIMALS);
            assertEquals(0.102, plan.performance().waitProbability(), THREE_DECIMALS);
        }
    }

    @Test
    void eightyTwentyOnFiftyErlangs() {
        QueueLoad load = new QueueLoad(750, 3600, 240, 20);
        StaffingPlan plain = StaffingCalculator.required(load, 0.8, 1.0, 0.0, null);
        assertEquals(56, plain.performance().agents());
        assertEquals(0.812, plain.performance().serviceLevel(), THREE_DECIMALS);
        assertEquals(0.893, plain.performance().occupancy(), THREE_DECIMALS);

        StaffingPlan capped = StaffingCalculator.required(load, 0.8, 0.85, 0.3, null);
        assertEquals(59, capped.performance().agents());
        assertEquals(85, capped.scheduledAgents());
        assertEquals(0.928, capped.performance().serviceLevel(), THREE_DECIMALS);
        assertEquals(0.847, capped.performance().occupancy(), THREE_DECIMALS);
    }

    @Test
    void overloadedQueueHasNoServiceLevelAndNoAsa() {
        QueuePerformance performance = ErlangC.evaluate(PYWORKFORCE, 10);
        assertEquals(0.0, performance.serviceLevel());
        assertEquals(1.0, performance.waitProbability());
        assertNull(performance.asaSeconds());
        assertTrue(performance.overloaded());
        assertNull(ErlangC.evaluate(PYWORKFORCE, 7).asaSeconds());
    }

    @Test
    void staysFiniteForHundredsOfAgents() {
        // 4,000 contacts per 15 min at 300 s: 1,333 Erlangs, far past where N! overflows a double.
        QueueLoad load = new QueueLoad(4000, 900, 300, 20);
        StaffingPlan plan = StaffingCalculator.required(load, 0.8, 1.0, 0.0, null);
        QueuePerformance performance = plan.performance();
        assertTrue(performance.agents() > 1333 && performance.agents() < 1400, "agents " + performance.agents());
        assertTrue(performance.serviceLevel() >= 0.8);
        assertTrue(ErlangC.evaluate(load, performance.agents() - 1).serviceLevel() < 0.8);
        assertTrue(Double.isFinite(performance.asaSeconds()));
    }

    @Test
    void erlangBMatchesTheClosedForm() {
        // B(2, 1) = (1/2) / (1 + 1 + 1/2) = 0.2
        assertEquals(0.2, ErlangC.erlangB(2, 1.0), 1e-12);
    }

    @Test
    void erlangAWithFiveMinutesPatience() {
        // test_abandonment.py uses a threshold of 20/60 min, not 0.33 min.
        QueuePerformance performance = ErlangA.evaluate(new QueueLoad(100, 1800, 180, 20), 14, 300);
        assertEquals(0.14526, performance.waitProbability(), 0.00001);
        assertEquals(0.013984, performance.abandonProbability(), 0.000001);
        assertEquals(0.704297, performance.occupancy(), 0.000001);
        assertEquals(0.069919 * 60, performance.asaSeconds(), 0.0001);
        assertEquals(0.916792, performance.serviceLevel(), 0.00001);
    }

    @Test
    void erlangANeedsFewerAgentsThanErlangC() {
        assertEquals(13, StaffingCalculator.required(PYWORKFORCE, 0.8, 0.85, 0.0, 300.0).performance().agents());
        assertEquals(14, StaffingCalculator.required(PYWORKFORCE, 0.8, 0.85, 0.0, null).performance().agents());
    }

    @Test
    void rejectsOutOfRangeInputs() {
        assertThrows(IllegalArgumentException.class, () -> new QueueLoad(-1, 1800, 180, 20));
        assertThrows(IllegalArgumentException.class, () -> new QueueLoad(100, 0, 180, 20));
        assertThrows(IllegalArgumentException.class, () -> new QueueLoad(100, 1800, 0, 20));
        assertThrows(IllegalArgumentException.class, () -> StaffingCalculator.required(PYWORKFORCE, 1.2, 0.85, 0.3, null));
        assertThrows(IllegalArgumentException.class, () -> StaffingCalculator.required(PYWORKFORCE, 0.8, 0.0, 0.3, null));
        assertThrows(IllegalArgumentException.class, () -> StaffingCalculator.required(PYWORKFORCE, 0.8, 0.85, 1.0, null));
    }

    @Test
    void erlangBStartedBelowALargeTrafficEqualsTheFullRecursionBitForBit() {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            double traffic = ErlangC.SHORTCUT_TRAFFIC + random.nextDouble() * 99_000;
            int agents = (int) traffic + 1 + random.nextInt((int) (40 * Math.sqrt(traffic)));
            double full = 1.0;
            for (int k = 1; k <= agents; k++) {
                full = traffic * full / (k + traffic * full);
            }
            assertEquals(full, ErlangC.erlangB(agents, traffic), 0.0, "A = " + traffic + ", N = " + agents);
        }
    }

    @Test
    void anErlangASearchForATargetOfOneEnds() {
        StaffingPlan plan = StaffingCalculator.required(new QueueLoad(3000, 900, 300, 20), 1.0, 1.0, 0.0, 300.0);
        assertTrue(plan.performance().agents() > 1000 && plan.performance().agents() < 1500);
    }

    @Test
    void aComputationBeyondItsBudgetIsRefusedBeforeItRuns() {
        // 100,000 Erlangs of one-second calls, a day's patience: a 10⁵-state chain over 10⁸ uniformization steps.
        QueueLoad load = new QueueLoad(9e7, 900, 1, 900);
        ComputeBudget budget = ComputeBudget.of(ComputeBudget.PER_REQUEST);
        assertThrows(StaffingLimitException.class, () -> ErlangA.evaluate(load, 100_000, 86400, budget));
        assertTrue(budget.spent() <= ComputeBudget.PER_REQUEST);
        assertThrows(StaffingLimitException.class, () -> ErlangC.agentsForServiceLevel(
                new QueueLoad(1e9, 1, 1, 0), 0.8));
    }
}
