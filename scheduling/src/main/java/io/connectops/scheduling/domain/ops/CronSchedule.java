package io.connectops.scheduling.domain.ops;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/** A Quartz cron expression in a time zone (the same syntax as Quarkus {@code @Scheduled(cron=…)}). */
public final class CronSchedule {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final ExecutionTime executionTime;
    private final ZoneId zone;

    private CronSchedule(ExecutionTime executionTime, ZoneId zone) {
        this.executionTime = executionTime;
        this.zone = zone;
    }

    /** @throws IllegalArgumentException naming what is wrong with the expression or zone */
    public static CronSchedule parse(String cron, String timeZone) {
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone " + timeZone);
        }
        try {
            return new CronSchedule(ExecutionTime.forCron(PARSER.parse(cron)), zone);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Quartz cron expression: " + e.getMessage());
        }
    }

    /** The latest occurrence at or before {@code now}. */
    public Optional<Instant> latestAtOrBefore(Instant now) {
        ZonedDateTime at = now.atZone(zone);
        if (executionTime.isMatch(at.withNano(0))) {
            return Optional.of(at.withNano(0).toInstant());
        }
        return executionTime.lastExecution(at).map(ZonedDateTime::toInstant);
    }

    public ZoneId zone() {
        return zone;
    }

    public Optional<Instant> next(Instant after) {
        return executionTime.nextExecution(after.atZone(zone)).map(ZonedDateTime::toInstant);
    }
}
