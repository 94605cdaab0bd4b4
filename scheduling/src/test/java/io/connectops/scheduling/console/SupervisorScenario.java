package io.connectops.scheduling.console;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import io.connectops.contracts.AgentStateChanged;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.Topics;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.TestKafka;
import io.connectops.scheduling.ops.MaintenanceWindow;
import io.connectops.scheduling.ops.OpsTask;
import io.connectops.scheduling.ops.OpsTaskTemplate;
import io.connectops.scheduling.roster.Schedule;
import io.connectops.scheduling.roster.ScheduleApiTest;
import io.connectops.scheduling.roster.ScheduledShift;
import io.connectops.scheduling.roster.ShiftOption;
import io.connectops.scheduling.staffing.ErlangC;
import io.connectops.scheduling.staffing.QueueLoad;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * A staffing group's day in UTC as a supervisor sees it: agents on 8-hour shifts starting every two hours from 06:00
 * with a half-hour break four hours in, a published schedule whose requirement is Erlang C at 80/20 on a daytime hump
 * of 10 to 35 contacts per half hour (AHT 300 s), two of every three agents Available and the third Offline, a
 * checklist due in an hour with one item ticked, one left over from yesterday, a window running and one to come.
 */
final class SupervisorScenario {

    static final int INTERVAL_SECONDS = 1800;
    static final double AHT_SECONDS = 300;
    static final double SERVICE_LEVEL_SECONDS = 20;
    private static final String[] NAMES = {"Amira Haddad", "Ben Okafor", "Chloé Martin", "Dev Patel", "Elena Rossi",
        "Farid Benali", "Grace Kim", "Hugo Lambert", "Ines Costa", "Jonas Weber"};

    final String suffix = UUID.randomUUID().toString().substring(0, 8);
    final Instant now;
    final Instant dayStart;
    final String groupId;
    final List<String> agentIds = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    final List<ScheduledShift> shifts = new ArrayList<>();
    /** Multiplies the contacts, so that a larger group meets a matching load. */
    final double scale;
    UUID dueTaskId;
    UUID leftoverTaskId;

    private SupervisorScenario(int agents, double scale, Instant now) {
        this.now = now;
        this.scale = scale;
        this.dayStart = LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
        this.groupId = ScheduleApiTest.group(suffix, "");
        for (int i = 0; i < agents; i++) {
            String name = NAMES[i % NAMES.length] + (i < NAMES.length ? "" : " " + (i / NAMES.length + 1));
            String id = ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                    .body("{\"connectId\":\"" + connectId(i) + "\",\"name\":\"" + name + "\",\"groupId\":\"" + groupId
                            + "\",\"skills\":{\"sales\":3}}")
                    .post("/api/v1/agents").then().statusCode(201).extract().jsonPath().getString("id");
            agentIds.add(id);
            names.add(name);
            Instant start = dayStart.plusSeconds(3600L * (6 + 2 * (i % 5)));
            Instant pause = start.plusSeconds(4 * 3600);
            shifts.add(new ScheduledShift(id, LocalDate.ofInstant(now, ZoneOffset.UTC), start,
                    start.plusSeconds(8 * 3600), List.of(new ShiftOption.PlacedBreak("lunch", pause,
                            pause.plusSeconds(INTERVAL_SECONDS)))));
        }
    }

    /** Seeds everything and waits until adherence has taken in every agent's status. */
    static SupervisorScenario seed(int agents) {
        return seed(agents, 1.0);
    }

    static SupervisorScenario seed(int agents, double scale) {
        SupervisorScenario scenario = new SupervisorScenario(agents, scale, Instant.now());
        scenario.publish();
        scenario.statuses();
        scenario.tasksAndWindows();
        return scenario;
    }

    String connectId(int agent) {
        return "sup-" + suffix + "-" + agent;
    }

    static boolean available(int agent) {
        return agent % 3 != 2;
    }

    long availableCount() {
        return IntStream.range(0, agentIds.size()).filter(SupervisorScenario::available).count();
    }

    /** The forecast load of the interval starting {@code start}: 10 to 35 contacts from 07:00 to 22:00. */
    QueueLoad load(Instant start) {
        double hour = (start.getEpochSecond() - dayStart.getEpochSecond()) / 3600.0;
        if (hour < 7 || hour >= 22) {
            return null;
        }
        return new QueueLoad(scale * (10 + 25 * Math.sin(Math.PI * (hour - 7) / 15)), INTERVAL_SECONDS, AHT_SECONDS,
                SERVICE_LEVEL_SECONDS);
    }

    int required(Instant start) {
        QueueLoad load = load(start);
        return load == null ? 0 : ErlangC.agentsForServiceLevel(load, 0.8);
    }

    /** Agents on the phones for the whole interval: on shift and not on their break (all aligned to intervals). */
    int scheduled(Instant start) {
        return (int) shifts.stream().filter(shift -> !start.isBefore(shift.start()) && start.isBefore(shift.end()))
                .filter(shift -> shift.breaks().stream().noneMatch(pause -> !start.isBefore(pause.start())
                        && start.isBefore(pause.end())))
                .count();
    }

    private void publish() {
        List<Schedule.Requirement> requirement = new ArrayList<>();
        for (int slot = 0; slot < 48; slot++) {
            Instant start = dayStart.plusSeconds((long) slot * INTERVAL_SECONDS);
            QueueLoad load = load(start);
            requirement.add(load == null ? new Schedule.Requirement(start, 0, null, null, null)
                    : new Schedule.Requirement(start, required(start), load.contacts(), AHT_SECONDS,
                            SERVICE_LEVEL_SECONDS));
        }
        Schedule schedule = new Schedule();
        schedule.id = UUID.randomUUID();
        schedule.groupId = UUID.fromString(groupId);
        schedule.fromDate = LocalDate.ofInstant(now, ZoneOffset.UTC);
        schedule.days = 1;
        schedule.status = Schedule.Status.PUBLISHED;
        schedule.timeLimitSeconds = 30;
        schedule.requirement = requirement;
        schedule.shifts = List.copyOf(shifts);
        schedule.feasible = true;
        schedule.coverage = 0.9;
        schedule.createdBy = "sam.supervisor";
        schedule.createdAt = now;
        schedule.publishedBy = "sam.supervisor";
        schedule.publishedAt = now;
        QuarkusTransaction.requiringNew().run(schedule::persist);
    }

    private void statuses() {
        for (int i = 0; i < agentIds.size(); i++) {
            AgentStateChanged change = new AgentStateChanged("inst-" + suffix, connectId(i), connectId(i), "Offline",
                    available(i) ? "Available" : "Offline", available(i) ? "ROUTABLE" : "OFFLINE",
                    now.minus(Duration.ofMinutes(20)));
            TestKafka.send(Topics.AGENT_EVENTS, connectId(i), CloudEvent.of("/test", AgentStateChanged.TYPE,
                    connectId(i), change));
        }
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> ApiSecurity.as(Roles.VIEWER)
                .queryParam("groupId", groupId).get("/api/v1/adherence").then().statusCode(200)
                .body("availableNow", equalTo((int) availableCount())));
    }

    private void tasksAndWindows() {
        // A template that never comes due by itself (1 January, 03:00) owns the tasks.
        String templateId = ApiSecurity.as(Roles.SUPERVISOR).contentType("application/json")
                .body("{\"name\":\"Supervisor page " + suffix + "\",\"kind\":\"CHECKLIST\",\"priority\":\"HIGH\","
                        + "\"cron\":\"0 0 3 1 1 ?\",\"timeZone\":\"UTC\",\"dueAfterMinutes\":60,"
                        + "\"checklist\":[\"Queues green\",\"Staffing checked\",\"Wallboard on\"]}")
                .post("/api/v1/ops-task-templates").then().statusCode(201).extract().jsonPath().getString("id");
        OpsTask due = task(templateId, "Start-of-day checklist " + suffix,
                earliest(now.plusSeconds(7200), dayStart.plusSeconds(86_399)),
                List.of(new OpsTask.Item("Queues green", true, null, "sam.supervisor", now),
                        new OpsTask.Item("Staffing checked", false, null, null, null),
                        new OpsTask.Item("Wallboard on", false, null, null, null)));
        OpsTask leftover = task(templateId, "Peak-hour check " + suffix, dayStart.minusSeconds(600),
                List.of(new OpsTask.Item("Abandonment under 5 %", false, null, null, null)));
        dueTaskId = due.id;
        leftoverTaskId = leftover.id;
        MaintenanceWindow running = window("Carrier failover test " + suffix, now.minusSeconds(1800),
                now.plusSeconds(1800), MaintenanceWindow.Status.IN_PROGRESS);
        MaintenanceWindow planned = window("IVR release " + suffix, now.plusSeconds(3 * 3600),
                now.plusSeconds(4 * 3600), MaintenanceWindow.Status.ANNOUNCED);
        QuarkusTransaction.requiringNew().run(() -> {
            due.persist();
            leftover.persist();
            running.persist();
            planned.persist();
        });
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private OpsTask task(String templateId, String title, Instant dueAt, List<OpsTask.Item> items) {
        OpsTask task = new OpsTask();
        task.id = UUID.randomUUID();
        task.templateId = UUID.fromString(templateId);
        task.title = title;
        task.kind = OpsTaskTemplate.Kind.CHECKLIST;
        task.priority = OpsTaskTemplate.Priority.HIGH;
        task.scheduledFor = dueAt.minusSeconds(3600);
        task.dueAt = dueAt;
        task.status = OpsTask.Status.OPEN;
        task.items = items;
        task.createdAt = now;
        return task;
    }

    private MaintenanceWindow window(String title, Instant startsAt, Instant endsAt, MaintenanceWindow.Status status) {
        MaintenanceWindow window = new MaintenanceWindow();
        window.id = UUID.randomUUID();
        window.title = title;
        window.instanceIds = List.of("inst-" + suffix);
        window.queueIds = List.of("q-" + suffix);
        window.startsAt = startsAt;
        window.endsAt = endsAt;
        window.owner = "telephony team";
        window.leadTimeMinutes = 60;
        window.status = status;
        window.createdBy = "sam.supervisor";
        window.createdAt = now;
        return window;
    }
}
