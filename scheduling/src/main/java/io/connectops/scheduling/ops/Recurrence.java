package io.connectops.scheduling.ops;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.field.CronField;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.expression.Always;
import com.cronutils.model.field.expression.QuestionMark;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * When a template recurs: a Quartz cron expression in a time zone (the same syntax as Quarkus
 * {@code @Scheduled(cron=…)}), and the period a report on it covers, read from the parsed expression.
 */
public final class Recurrence {

    /** The span a report covers: the one that ended at its occurrence. */
    public enum Period {
        DAY, WEEK, MONTH;

        /** The first day of the period that ends (exclusive) on {@code end}. */
        public LocalDate startBefore(LocalDate end) {
            return switch (this) {
                case DAY -> end.minusDays(1);
                case WEEK -> end.minusWeeks(1);
                case MONTH -> end.minusMonths(1);
            };
        }
    }

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final ExecutionTime executionTime;
    private final ZoneId zone;
    private final Period period;

    private Recurrence(Cron cron, ZoneId zone) {
        this.executionTime = ExecutionTime.forCron(cron);
        this.zone = zone;
        this.period = periodOf(cron);
    }

    /**
     * A day of the month named (the 1st, the last, the 15th W…) recurs monthly; otherwise named days of the week recur
     * weekly (MON, or MON-FRI as a working week); otherwise the expression recurs every day.
     */
    private static Period periodOf(Cron cron) {
        if (restricted(cron, CronFieldName.DAY_OF_MONTH)) {
            return Period.MONTH;
        }
        return restricted(cron, CronFieldName.DAY_OF_WEEK) ? Period.WEEK : Period.DAY;
    }

    private static boolean restricted(Cron cron, CronFieldName name) {
        CronField field = cron.retrieve(name);
        return field != null && !(field.getExpression() instanceof Always)
                && !(field.getExpression() instanceof QuestionMark);
    }

    /** @throws IllegalArgumentException naming what is wrong with the expression or zone */
    public static Recurrence parse(String cron, String timeZone) {
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone " + timeZone);
        }
        try {
            return new Recurrence(PARSER.parse(cron), zone);
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

    public Period period() {
        return period;
    }

    public ZoneId zone() {
        return zone;
    }

    public Optional<Instant> next(Instant after) {
        return executionTime.nextExecution(after.atZone(zone)).map(ZonedDateTime::toInstant);
    }
}
