package io.connectops.notifications.senders.servicenow;

import static io.connectops.notifications.Fixtures.SERVICENOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.DeliveryEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.EventSources;
import io.connectops.contracts.IncidentCommand;
import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.contracts.Topics;
import io.connectops.notifications.Fixtures;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.connectops.platform.testing.TestKafka;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class ServiceNowCallbackTest {

    @Test
    void aResolutionInServiceNowIsPublishedOnceForIncidentsToRecord() {
        String queue = Fixtures.unique("q");
        String incidentId = Fixtures.unique("inc");
        Fixtures.routeForQueue(queue, Fixtures.serviceNowChannel());
        Fixtures.publish(Fixtures.incident(incidentId, Change.OPENED, "OPEN", "Queue down", queue));
        Fixtures.awaitStatuses("incidentId", incidentId, 1, "DELIVERED");
        Map<String, Object> record = SERVICENOW.incidents().stream()
                .filter(r -> ("connectops:incident:" + incidentId).equals(r.get("correlation_id"))).findFirst().orElseThrow();

        Map<String, Object> callback = Map.of("sys_id", record.get("sys_id"), "number", record.get("number"),
                "correlation_id", "connectops:incident:" + incidentId, "state", "6",
                "close_code", "Solved (Permanently)", "close_notes", "Carrier replaced the card",
                "updated_by", "bob", "sys_updated_on", "2026-11-22 10:15:00");
        ApiSecurity.as(Roles.SERVICENOW).contentType(ContentType.JSON).body(callback)
                .post("/api/v1/servicenow/events")
                .then().statusCode(202).body("incidentId", equalTo(incidentId)).body("kind", equalTo("RESOLVED"))
                .body("duplicate", equalTo(false));
        ApiSecurity.as(Roles.SERVICENOW).contentType(ContentType.JSON).body(callback)
                .post("/api/v1/servicenow/events")
                .then().statusCode(202).body("duplicate", equalTo(true));

        List<ConsumerRecord<String, String>> updates = TestKafka.awaitRecords(Topics.DELIVERIES,
                r -> incidentId.equals(r.key()) && r.value().contains("external-update"), 1, Duration.ofSeconds(30));
        DeliveryEvent event = EventCodec.decode(updates.get(0).value(), DeliveryEvent.class).data();
        assertThat(event.status()).isEqualTo(DeliveryEvent.Status.EXTERNAL_UPDATE);
        assertThat(event.incidentId()).isEqualTo(incidentId);
        assertThat(event.externalUpdate().kind()).isEqualTo("RESOLVED");
        assertThat(event.externalUpdate().closeNotes()).isEqualTo("Carrier replaced the card");
        assertThat(event.externalRef()).isEqualTo(record.get("number"));
    }

    @Test
    void aResolutionAndACommentMadeInServiceNowActOnTheIncidentOnceEach() {
        String queue = Fixtures.unique("q");
        String incidentId = Fixtures.unique("inc");
        Fixtures.routeForQueue(queue, Fixtures.serviceNowChannel());
        Fixtures.publish(Fixtures.incident(incidentId, Change.OPENED, "OPEN", "Queue down", queue));
        Fixtures.awaitStatuses("incidentId", incidentId, 1, "DELIVERED");
        Map<String, Object> record = recordOf(incidentId);
        String sysId = (String) record.get("sys_id");

        Map<String, Object> resolved = SERVICENOW.resolveThere(sysId, "bob.jones", "Solved (Permanently)",
                "Carrier replaced the line card");
        post(resolved).body("kind", equalTo("RESOLVED")).body("commands", contains("RESOLVE"));
        // The business rule retried (a timeout on its side): same sys_id, sys_updated_on and sys_mod_count.
        post(resolved).body("duplicate", equalTo(true)).body("commands", empty());
        post(SERVICENOW.commentThere(sysId, "carol.diaz", "comments", "Customer confirms calls connect again"))
                .body("kind", equalTo("COMMENTED")).body("commands", contains("COMMENT"));

        // The comment was published after the retry: had the retry published anything, it would be second here.
        List<CloudEvent<IncidentCommand>> commands = Fixtures.commands(incidentId, 2);
        CloudEvent<IncidentCommand> resolve = commands.get(0);
        assertThat(resolve.type()).isEqualTo("connectops.command.resolve.v1");
        assertThat(resolve.source()).isEqualTo(EventSources.NOTIFICATIONS);
        assertThat(resolve.id()).isEqualTo(resolve.data().commandId());
        assertThat(resolve.data().incidentId()).isEqualTo(incidentId);
        assertThat(resolve.data().action()).isEqualTo(IncidentCommand.Action.RESOLVE);
        assertThat(resolve.data().text()).isEqualTo("Carrier replaced the line card");
        assertThat(resolve.data().actor().id()).isEqualTo("servicenow:bob.jones");
        assertThat(resolve.data().origin()).isEqualTo("servicenow");
        assertThat(resolve.data().originRef()).isEqualTo(record.get("number"));
        IncidentCommand comment = commands.get(1).data();
        assertThat(comment.action()).isEqualTo(IncidentCommand.Action.COMMENT);
        assertThat(comment.text()).isEqualTo("Customer confirms calls connect again");
        assertThat(comment.actor().id()).isEqualTo("servicenow:carol.diaz");
        assertThat(comment.commandId()).isNotEqualTo(resolve.data().commandId());
    }

    @Test
    void connectOpsOwnChangesComingBackThroughTheBusinessRuleCommandNothing() {
        String queue = Fixtures.unique("q");
        String incidentId = Fixtures.unique("inc");
        Fixtures.routeForQueue(queue, Fixtures.serviceNowChannel());
        Fixtures.publish(Fixtures.incident(incidentId, Change.OPENED, "OPEN", "Queue down", queue));
        Fixtures.awaitStatuses("incidentId", incidentId, 1, "DELIVERED");
        String sysId = (String) recordOf(incidentId).get("sys_id");

        // Connect Ops resolved the record itself (its integration user), then its own work note comes back.
        post(SERVICENOW.resolveThere(sysId, Fixtures.SERVICENOW_USER, "Solved (Permanently)", "Fixed"))
                .body("duplicate", equalTo(false)).body("commands", empty());
        post(SERVICENOW.commentThere(sysId, "bob.jones", "work_notes",
                "Resolved: Fixed\n[connectops delivery 6f1c4c1e-0000-4000-8000-000000000001]"))
                .body("commands", empty());
        post(SERVICENOW.commentThere(sysId, "bob.jones", "work_notes", "Checked the trunk logs"))
                .body("commands", contains("COMMENT"));

        List<CloudEvent<IncidentCommand>> commands = Fixtures.commands(incidentId, 1);
        assertThat(commands.get(0).data().text()).isEqualTo("Work note: Checked the trunk logs");
    }

    @Test
    void theResolutionAndTheChannelsCloseCodeReachServiceNowAndACommentFromOutsideIsNotWrittenBack() {
        String queue = Fixtures.unique("q");
        String incidentId = Fixtures.unique("inc");
        String slackChannel = Fixtures.unique("C");
        Fixtures.routeForQueue(queue, Fixtures.serviceNowChannel(Map.of("closeCode", "Workaround provided")),
                Fixtures.slackChannel(slackChannel));
        Fixtures.publish(Fixtures.incident(incidentId, Change.OPENED, "OPEN", "Queue down", queue));
        Fixtures.awaitStatuses("incidentId", incidentId, 2, "DELIVERED");
        Fixtures.publish(Fixtures.incident(incidentId, Change.COMMENTED, "OPEN", "Customer confirms calls drop",
                queue));
        Fixtures.publish(Fixtures.incident(incidentId, Change.RESOLVED, "RESOLVED", "Carrier re-routed the trunk",
                queue));
        // Slack: opened, the comment, the resolution; ServiceNow: opened and resolved, no delivery for the comment.
        Fixtures.awaitStatuses("incidentId", incidentId, 5, "DELIVERED");
        assertThat(Fixtures.deliveries("incidentId", incidentId)
                .getList("items.findAll { it.channelType == 'SERVICENOW' }.sourceEventType", String.class))
                .containsExactlyInAnyOrder("connectops.incident.opened.v1", "connectops.incident.resolved.v1");

        Map<String, Object> record = recordOf(incidentId);
        assertThat(record).containsEntry("state", "6").containsEntry("close_code", "Workaround provided")
                .containsEntry("close_notes", "Carrier re-routed the trunk");
        assertThat(SERVICENOW.workNotes((String) record.get("sys_id"))).hasSize(2)
                .noneMatch(note -> note.contains("Customer confirms"));
        assertThat(Fixtures.SLACK.messagesIn(slackChannel)).anyMatch(message -> message.threadTs() != null
                && String.valueOf(message.blocks()).contains("Customer confirms calls drop"));
    }

    private static Map<String, Object> recordOf(String incidentId) {
        return SERVICENOW.incidents().stream()
                .filter(r -> ("connectops:incident:" + incidentId).equals(r.get("correlation_id"))).findFirst()
                .orElseThrow();
    }

    private static ValidatableResponse post(Map<String, Object> callback) {
        return ApiSecurity.as(Roles.SERVICENOW).contentType(ContentType.JSON).body(callback)
                .post("/api/v1/servicenow/events").then().statusCode(202);
    }

    @Test
    void theReadmesServiceNowChannelExampleIsAcceptedOnceItNamesTheChannel() {
        // The root README's example as written (placeholders filled in): without a name the API refuses it.
        String asWritten = "{\"type\":\"SERVICENOW\",\"settings\":{\"instanceUrl\":\"" + SERVICENOW.baseUrl()
                + "\",\"username\":\"svc-connectops\",\"assignmentGroup\":\"contact-center-ops\","
                + "\"callerId\":\"svc-connectops\"},\"secrets\":{\"password\":\"sn-Secret-Pass-42\"}}";
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(asWritten).post("/api/v1/channels")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("name"));
        String corrected = "{\"name\":\"" + Fixtures.unique("servicenow") + "\",\"type\":\"SERVICENOW\","
                + "\"settings\":{\"instanceUrl\":\"" + SERVICENOW.baseUrl() + "\",\"username\":\"svc-connectops\","
                + "\"assignmentGroup\":\"contact-center-ops\",\"callerId\":\"svc-connectops\","
                + "\"closeCode\":\"Solved (Permanently)\"},\"secrets\":{\"password\":\"sn-Secret-Pass-42\"}}";
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(corrected).post("/api/v1/channels")
                .then().statusCode(201).body("settings.closeCode", equalTo("Solved (Permanently)"));
        // The setting the README once named, "caller", is not one the API knows.
        String withCaller = corrected.replace("\"callerId\"", "\"caller\"").replace("\"name\":\"servicenow",
                "\"name\":\"servicenow-caller");
        ApiSecurity.as(Roles.ADMIN).contentType(ContentType.JSON).body(withCaller).post("/api/v1/channels")
                .then().statusCode(400).body("errors.field", contains("settings.caller"));
    }

    @Test
    void callbacksAreAuthenticatedAndChecked() {
        String body = "{\"sys_id\":\"nope\",\"sys_updated_on\":\"2026-11-22 10:15:00\"}";
        ApiSecurity.assertRefusesBadTokens("POST", "/api/v1/servicenow/events", body, Roles.SERVICENOW,
                Roles.VIEWER);
        ApiSecurity.as(Roles.SERVICENOW).contentType(ContentType.JSON).body(body)
                .post("/api/v1/servicenow/events")
                .then().statusCode(404).contentType("application/problem+json");
        ApiSecurity.as(Roles.SERVICENOW).contentType(ContentType.JSON).body("{\"number\":\"INC1\"}")
                .post("/api/v1/servicenow/events").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aCallbackWithAnIngestTokenIsRefusedAndOneWithTheServiceNowRoleIsAccepted() {
        String body = "{\"sys_id\":\"x\",\"sys_updated_on\":\"1\"}";
        // A metrics pusher must not write incident timelines through this endpoint.
        ApiSecurity.as(Roles.INGEST).contentType(ContentType.JSON).body(body).post("/api/v1/servicenow/events")
                .then().statusCode(403);
        // The ServiceNow role gets through authorization: the unknown record is then a 404 problem, not a 403.
        ApiSecurity.as(Roles.SERVICENOW).contentType(ContentType.JSON).body(body)
                .post("/api/v1/servicenow/events").then().statusCode(404).contentType("application/problem+json");
    }
}
