package io.connectops.scheduling.roster;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.connectops.scheduling.people.BreakRule;
import io.connectops.scheduling.people.ShiftProfile;
import io.connectops.scheduling.people.StaffRules;
import io.connectops.scheduling.staffing.QueueLoad;
import io.connectops.scheduling.staffing.StaffingCalculator;

/**
 * A contact centre open 07:00–22:00 every day, with a daytime hump and quieter weekends, staffed to 80/20 by Erlang
 * C. The volume scales with the group size so that the agents can roughly cover it.
 */
final class RosterScenario {

    static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    /** A Monday; the clocks go forward on the Sunday of the first week. */
    static final LocalDate FROM = LocalDate.of(2026, 3, 23);
    static final int DAYS = 14;
    static final int INTERVAL_MINUTES = 30;

    private RosterScenario() {
    }

    static RosterBuilder.Problem problem(int agentCount) {
        ShiftProfile profile = new ShiftProfile(ZONE, EnumSet.allOf(DayOfWeek.class), LocalTime.of(7, 0),
                LocalTime.of(22, 0), List.of(480), 30,
                List.of(new BreakRule("morning break", 15, 90, 150), new BreakRule("lunch", 30, 210, 270),
                        new BreakRule("afternoon break", 15, 360, 420)),
                3);
        StaffRules rules = new StaffRules(12 * 60, 5, 6 * 60, 10 * 60, 24 * 60, 40 * 60, 150);
        List<RosterAgent> agents = new ArrayList<>();
        for (int i = 0; i < agentCount; i++) {
            List<TimeOff> timeOff = new ArrayList<>();
            if (i % 10 == 3) {
                // Three days of leave in the first week.
                timeOff.add(new TimeOff(FROM.plusDays(1).atStartOfDay(ZONE).toInstant(),
                        FROM.plusDays(4).atStartOfDay(ZONE).toInstant()));
            }
            if (i % 10 == 7) {
                // Unavailable in the evenings of the second week.
                for (int day = 7; day < 14; day++) {
                    ZonedDateTime date = FROM.plusDays(day).atStartOfDay(ZONE);
                    timeOff.add(new TimeOff(date.plusHours(16).toInstant(), date.plusHours(24).toInstant()));
                }
            }
            Set<String> skills = i == agentCount - 1 ? Set.of("billing") : Set.of("sales", "billing");
            agents.add(new RosterAgent("agent-" + i, skills, timeOff, i));
        }
        return new RosterBuilder.Problem(FROM, DAYS, INTERVAL_MINUTES, profile, rules, Set.of("sales"), agents,
                requirement(agentCount));
    }

    static Map<Instant, Integer> requirement(int agentCount) {
        Map<Instant, Integer> requirement = new HashMap<>();
        double scale = agentCount / 60.0;
        for (int day = 0; day < DAYS; day++) {
            LocalDate date = FROM.plusDays(day);
            boolean weekend = date.getDayOfWeek().getValue() >= 6;
            for (int slot = 14; slot < 44; slot++) {
                double hour = slot / 2.0;
                double hump = Math.sin(Math.PI * (hour - 7) / 15);
                double contacts = scale * (weekend ? 60 : 110) * (0.35 + 0.65 * hump);
                QueueLoad load = new QueueLoad(contacts, 1800, 300, 20);
                int agents = StaffingCalculator.required(load, 0.8, 0.9, 0.0, null).performance().agents();
                requirement.put(date.atStartOfDay(ZONE).plusMinutes(slot * 30L).toInstant(), agents);
            }
        }
        return requirement;
    }

    static Instant start() {
        return FROM.atStartOfDay(ZONE).toInstant();
    }

    static Instant end() {
        return FROM.plusDays(DAYS).atStartOfDay(ZONE).toInstant();
    }
}
