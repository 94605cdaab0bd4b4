package io.connectops.scheduling.config;

import java.time.Duration;
import java.time.LocalTime;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "connectops.scheduling")
public interface SchedulingConfig {

    /** Solver time limit when a request names none. */
    @WithDefault("PT30S")
    Duration defaultSolveTime();

    /** The longest a request may let the solver run. */
    @WithDefault("PT10M")
    Duration maxSolveTime();

    /**
     * Schedules solved at once across all instances. A request beyond it is refused with 429 rather than queued: a
     * solve holds a core for its whole time limit, and the caller can retry when one has finished.
     */
    @WithDefault("2")
    int maxConcurrentSolves();

    /**
     * How long after its time limit a schedule may stay SOLVING before it counts as abandoned (its instance died
     * mid-solve) and goes to FAILED.
     */
    @WithDefault("PT2M")
    Duration solveGrace();

    /** How often abandoned solves are looked for; {@code off} disables the job (tests call the service). */
    @WithDefault("30s")
    String solveWatch();

    /** How often due tasks are created and maintenance windows advanced; {@code off} disables the clock. */
    @WithDefault("30s")
    String opsTick();

    /**
     * When the business day ends (e.g. {@code 18:00}, in each template's time zone): a start-of-day checklist lists
     * the incidents opened or still open since then on the previous day its template ran. Unset, it looks back 24
     * hours.
     */
    Optional<LocalTime> businessDayEnd();

    Adherence adherence();

    Meters meters();

    interface Meters {
        /** How often the dashboard gauges are recomputed; {@code off} disables it (tests refresh with chosen instants). */
        @WithDefault("30s")
        String refresh();
    }

    interface Adherence {
        /** Minutes an agent may be out of adherence before it counts, as Amazon Connect's thresholds do. */
        @WithDefault("PT3M")
        Duration tolerance();

        /** How often group adherence and staffing gaps are published on ops.metrics.v1. */
        @WithDefault("5m")
        String publishEvery();

        /** The publishing job's schedule; {@code off} disables it (tests call the service with chosen instants). */
        @WithDefault("5m")
        String job();
    }
}
