package io.connectops.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What a sender needs to find a message it may have sent before: Slack metadata, the ServiceNow journal, lost answers. */
class FakesRecoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode call(String method, String url, String auth, String body) throws Exception {
        return call(method, url, auth, body, Duration.ofSeconds(20));
    }

    private JsonNode call(String method, String url, String auth, String body, Duration timeout) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Authorization", auth).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void slackKeepsMessageMetadataAndShowsItInHistoryAndRepliesOnlyWhenAskedFor() throws Exception {
        try (SlackFake slack = new SlackFake("xoxb-test")) {
            slack.start(0);
            String api = slack.baseUrl() + "/api/";
            String metadata = "\"metadata\":{\"event_type\":\"connectops_delivery\",\"event_payload\":{\"delivery_id\":\"d-1\"}}";
            JsonNode parent = call("POST", api + "chat.postMessage", "Bearer xoxb-test",
                    "{\"channel\":\"C1\",\"text\":\"opened\"," + metadata + "}");
            String ts = parent.get("ts").asText();
            call("POST", api + "chat.postMessage", "Bearer xoxb-test", "{\"channel\":\"C1\",\"text\":\"reply\","
                    + "\"thread_ts\":\"" + ts + "\"," + metadata.replace("d-1", "d-2") + "}");
            call("POST", api + "chat.postMessage", "Bearer xoxb-test", "{\"channel\":\"C1\",\"text\":\"later\"}");

            JsonNode history = call("GET", api + "conversations.history?channel=C1&include_all_metadata=true&limit=1",
                    "Bearer xoxb-test", null);
            JsonNode rest = call("GET", api + "conversations.history?channel=C1&include_all_metadata=true&limit=1&cursor="
                    + history.path("response_metadata").path("next_cursor").asText(), "Bearer xoxb-test", null);
            JsonNode bare = call("GET", api + "conversations.history?channel=C1", "Bearer xoxb-test", null);
            JsonNode thread = call("GET", api + "conversations.replies?channel=C1&include_all_metadata=true&ts=" + ts,
                    "Bearer xoxb-test", null);

            assertThat(parent.path("message").path("metadata").path("event_payload").path("delivery_id").asText())
                    .isEqualTo("d-1");
            assertThat(history.path("messages")).hasSize(1);
            assertThat(history.path("messages").get(0).path("text").asText()).isEqualTo("later");
            assertThat(history.path("has_more").asBoolean()).isTrue();
            assertThat(rest.path("messages").get(0).path("ts").asText()).isEqualTo(ts);
            assertThat(rest.path("messages").get(0).path("metadata").path("event_type").asText())
                    .isEqualTo("connectops_delivery");
            assertThat(bare.path("messages")).hasSize(2).allMatch(message -> message.path("metadata").isMissingNode());
            assertThat(thread.path("messages")).hasSize(2);
            assertThat(thread.path("messages").get(1).path("metadata").path("event_payload").path("delivery_id").asText())
                    .isEqualTo("d-2");
            assertThat(slack.metadataOf(ts)).containsEntry("event_type", "connectops_delivery");
        }
    }

    @Test
    void serviceNowAnswersJournalQueriesOnWorkNotesAndIgnoresUnknownFields() throws Exception {
        try (ServiceNowFake serviceNow = new ServiceNowFake("svc", "pw")) {
            serviceNow.start(0);
            String auth = "Basic " + Base64.getEncoder().encodeToString("svc:pw".getBytes(StandardCharsets.UTF_8));
            JsonNode created = call("POST", serviceNow.baseUrl() + "/api/now/table/incident", auth,
                    "{\"short_description\":\"x\",\"work_notes\":\"Opened\\n[connectops delivery d-1]\"}");
            String sysId = created.path("result").path("sys_id").asText();
            call("PATCH", serviceNow.baseUrl() + "/api/now/table/incident/" + sysId, auth,
                    "{\"work_notes\":\"Assessed\\n[connectops delivery d-2]\"}");

            JsonNode found = call("GET", serviceNow.baseUrl() + "/api/now/table/sys_journal_field?sysparm_query="
                    + URLEncoder.encode("element_id=" + sysId + "^element=work_notes^valueLIKE[connectops delivery d-2]",
                            StandardCharsets.UTF_8), auth, null);
            JsonNode none = call("GET", serviceNow.baseUrl() + "/api/now/table/sys_journal_field?sysparm_query="
                    + URLEncoder.encode("element_id=" + sysId + "^valueLIKEd-3", StandardCharsets.UTF_8), auth, null);
            JsonNode ignored = call("GET", serviceNow.baseUrl() + "/api/now/table/sys_journal_field?sysparm_query="
                    + URLEncoder.encode("element_id=" + sysId + "^no_such_fieldLIKEd-3", StandardCharsets.UTF_8), auth,
                    null);

            assertThat(found.path("result")).hasSize(1);
            assertThat(found.path("result").get(0).path("value").asText()).startsWith("Assessed");
            assertThat(found.path("result").get(0).path("element").asText()).isEqualTo("work_notes");
            assertThat(none.path("result")).isEmpty();
            assertThat(ignored.path("result")).hasSize(2);
        }
    }

    @Test
    void aLostAnswerLeavesTheRequestAppliedAndTheSenderWithoutAReply() throws Exception {
        try (SlackFake slack = new SlackFake("xoxb-test")) {
            slack.start(0);
            slack.inject(Fault.answerLost(5_000, 1));

            assertThatThrownBy(() -> call("POST", slack.baseUrl() + "/api/chat.postMessage", "Bearer xoxb-test",
                    "{\"channel\":\"C9\",\"text\":\"lost\"}", Duration.ofMillis(500)))
                    .isInstanceOf(HttpTimeoutException.class);

            assertThat(slack.messagesIn("C9")).extracting(SlackFake.Message::text).containsExactly("lost");
            assertThat(slack.received("/api/chat.postMessage")).extracting(ReceivedRequest::answeredStatus)
                    .containsExactly(200);
        }
    }
}
