package io.connectops.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class FakesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    /** Long enough for a fake on a loaded machine; only the hang test waits less, on purpose. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);

    private HttpResponse<String> post(String url, String auth, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(ANSWER_WITHIN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            request.header("Authorization", auth);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String url, String auth, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(ANSWER_WITHIN)
                .header("Authorization", auth).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void slackThreadsRepliesUnderTheParentAndUpdatesIt() throws Exception {
        try (SlackFake slack = new SlackFake("xoxb-test")) {
            slack.start(0);
            String api = slack.baseUrl() + "/api/";
            HttpResponse<String> first = post(api + "chat.postMessage", "Bearer xoxb-test",
                    "{\"channel\":\"C1\",\"text\":\"opened\"}");
            String ts = JSON.readTree(first.body()).get("ts").asText();
            assertThat(JSON.readTree(first.body()).get("ok").asBoolean()).isTrue();

            post(api + "chat.postMessage", "Bearer xoxb-test",
                    "{\"channel\":\"C1\",\"text\":\"update\",\"thread_ts\":\"" + ts + "\"}");
            HttpResponse<String> updated = post(api + "chat.update", "Bearer xoxb-test",
                    "{\"channel\":\"C1\",\"ts\":\"" + ts + "\",\"text\":\"opened (mitigated)\"}");
            HttpResponse<String> wrongToken = post(api + "chat.postMessage", "Bearer nope", "{\"channel\":\"C1\",\"text\":\"x\"}");

            assertThat(JSON.readTree(updated.body()).get("ok").asBoolean()).isTrue();
            assertThat(JSON.readTree(wrongToken.body()).get("error").asText()).isEqualTo("invalid_auth");
            assertThat(slack.messagesIn("C1")).hasSize(2);
            assertThat(slack.messagesIn("C1").get(0).text()).isEqualTo("opened (mitigated)");
            assertThat(slack.messagesIn("C1").get(0).edits()).containsExactly("opened (mitigated)");
            assertThat(slack.messagesIn("C1").get(1).threadTs()).isEqualTo(ts);
        }
    }

    @Test
    void faultsApplyForTheirNumberOfRequestsThenTheFakeAnswersNormally() throws Exception {
        try (TeamsFake teams = new TeamsFake()) {
            teams.start(0);
            teams.inject(Fault.rateLimited(2, 1));
            teams.inject(Fault.serverError(502, 1));
            String card = "{\"type\":\"message\",\"attachments\":[{\"contentType\":\"application/vnd.microsoft.card.adaptive\","
                    + "\"content\":{\"type\":\"AdaptiveCard\",\"version\":\"1.4\",\"body\":[]}}]}";
            HttpResponse<String> limited = post(teams.baseUrl() + "/workflows/a", null, card);
            HttpResponse<String> failed = post(teams.baseUrl() + "/workflows/a", null, card);
            HttpResponse<String> accepted = post(teams.baseUrl() + "/workflows/a", null, card);
            HttpResponse<String> notACard = post(teams.baseUrl() + "/workflows/a", null, "{\"text\":\"hi\"}");

            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).contains("2");
            assertThat(failed.statusCode()).isEqualTo(502);
            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(notACard.statusCode()).isEqualTo(400);
            assertThat(teams.cards()).hasSize(1);
            assertThat(teams.received()).extracting(ReceivedRequest::answeredStatus).containsExactly(429, 502, 202, 400);
        }
    }

    @Test
    void aHangingFakeTimesTheClientOut() throws Exception {
        try (WebhookFake webhook = new WebhookFake()) {
            webhook.start(0);
            webhook.inject(Fault.hang(5_000, 1));
            HttpRequest request = HttpRequest.newBuilder(URI.create(webhook.baseUrl() + "/hook"))
                    .timeout(Duration.ofMillis(300)).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
            boolean timedOut = false;
            try {
                http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                timedOut = true;
            }
            assertThat(timedOut).isTrue();
            assertThat(post(webhook.baseUrl() + "/hook", null, "{}").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void serviceNowKeepsOneRecordPerIncidentAndRequiresCloseNotesToResolve() throws Exception {
        try (ServiceNowFake serviceNow = new ServiceNowFake("svc", "pw")) {
            serviceNow.start(0);
            String auth = "Basic " + Base64.getEncoder().encodeToString("svc:pw".getBytes(StandardCharsets.UTF_8));
            String table = serviceNow.baseUrl() + "/api/now/table/incident";
            HttpResponse<String> created = post(table, auth,
                    "{\"short_description\":\"P1 queue down\",\"correlation_id\":\"inc-1\",\"impact\":\"1\",\"urgency\":\"1\"}");
            String sysId = JSON.readTree(created.body()).at("/result/sys_id").asText();

            HttpResponse<String> byCorrelation = send("GET", table + "?sysparm_query=correlation_id=inc-1%5Eactive=true&sysparm_limit=1", auth, null);
            HttpResponse<String> unknownField = send("GET", table + "?sysparm_query=no_such_field=zzz", auth, null);
            HttpResponse<String> resolveWithoutNotes = send("PATCH", table + "/" + sysId, auth, "{\"state\":\"6\"}");
            HttpResponse<String> resolved = send("PATCH", table + "/" + sysId, auth,
                    "{\"state\":\"6\",\"close_code\":\"Solved (Permanently)\",\"close_notes\":\"fixed\",\"work_notes\":\"done\"}");
            HttpResponse<String> anonymous = send("GET", table, "Basic eDp5", null);

            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(JSON.readTree(created.body()).at("/result/number").asText()).startsWith("INC");
            assertThat(JSON.readTree(created.body()).at("/result/priority").asText()).isEqualTo("1");
            assertThat(JSON.readTree(byCorrelation.body()).at("/result/0/sys_id").asText()).isEqualTo(sysId);
            assertThat(JSON.readTree(unknownField.body()).get("result").size()).isEqualTo(1);
            assertThat(resolveWithoutNotes.statusCode()).isEqualTo(403);
            assertThat(resolved.statusCode()).isEqualTo(200);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            Map<String, Object> record = serviceNow.incidents().get(0);
            assertThat(record).containsEntry("state", "6").containsEntry("active", "false")
                    .containsEntry("close_notes", "fixed");
            assertThat(serviceNow.workNotes(sysId)).containsExactly("done");
        }
    }

    @Test
    void aPollerAsksOnlyForTheRequestsAfterTheLastItSawUnderItsPathWithoutBodies() throws Exception {
        try (WebhookFake webhook = new WebhookFake()) {
            webhook.start(0);
            post(webhook.baseUrl() + "/bench/1", null, "{\"n\":1}");
            post(webhook.baseUrl() + "/other/2", null, "{\"n\":2}");
            post(webhook.baseUrl() + "/bench/3", null, "{\"n\":3}");
            post(webhook.baseUrl() + "/bench/4", null, "{\"n\":4}");

            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(webhook.baseUrl()
                    + "/_fake/requests?after=1&prefix=/bench/&bodies=false")).timeout(ANSWER_WITHIN).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(webhook.baseUrl()
                    + "/_fake/requests?after=x")).timeout(ANSWER_WITHIN).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(200);
            var found = JSON.readTree(answer.body());
            assertThat(found).hasSize(2);
            assertThat(found.get(0).get("sequence").asLong()).isEqualTo(3);
            assertThat(found.get(0).get("path").asText()).isEqualTo("/bench/3");
            assertThat(found.get(1).get("path").asText()).isEqualTo("/bench/4");
            assertThat(found.get(1).get("receivedAt").asText()).isNotEmpty();
            assertThat(found.get(1).get("body").isNull()).isTrue();
            assertThat(found.get(1).get("headers")).isEmpty();
            assertThat(wrong.statusCode()).isEqualTo(400);
            // The fake itself keeps everything, bodies included.
            assertThat(webhook.received()).hasSize(4);
            assertThat(webhook.received().get(3).body()).isEqualTo("{\"n\":4}");
        }
    }
}
