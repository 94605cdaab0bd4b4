package io.connectops.notifications.senders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.connectops.contracts.IncidentEvent;
import io.connectops.contracts.Severity;
import io.connectops.fakes.FakeHttpServer;
import io.connectops.fakes.Fault;
import io.connectops.fakes.ServiceNowFake;
import io.connectops.fakes.SlackFake;
import io.connectops.fakes.TeamsFake;
import io.connectops.fakes.WebhookFake;
import io.connectops.notifications.content.ContentRenderer;
import io.connectops.notifications.senders.SendResult.Outcome;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One table of receiver answers, run over every HTTP sender against its fake (Alertmanager's habit of one retry table
 * for every integration): 2xx delivered; 408, 429 and 5xx retried, after {@code Retry-After}; other 4xx failed for
 * good. Slack's own {@code 200 {"ok":false}} answers are read the same way by the Slack sender.
 */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class EverySenderReadsAnswersAlikeTest {

    private static final String TOKEN = "xoxb-answers-0000-secret";
    private static final String USER = "svc-answers";
    private static final String PASSWORD = "answers-Pass-1";

    @Inject
    Senders senders;

    /** A receiver as one sender reaches it: a fake, and the channel that points at it. */
    enum Receiver {
        SLACK_BOT, SLACK_WEBHOOK, TEAMS, SERVICENOW, WEBHOOK;

        FakeHttpServer fake() {
            return switch (this) {
                case SLACK_BOT, SLACK_WEBHOOK -> new SlackFake(TOKEN);
                case TEAMS -> new TeamsFake();
                case SERVICENOW -> new ServiceNowFake(USER, PASSWORD);
                case WEBHOOK -> new WebhookFake();
            };
        }

        SendJob.ChannelSnapshot channel(String baseUrl) {
            return switch (this) {
                case SLACK_BOT -> channel(ChannelType.SLACK, Map.of("channel", "C-ANSWERS", "apiUrl", baseUrl + "/api"),
                        Map.of("botToken", TOKEN));
                case SLACK_WEBHOOK -> channel(ChannelType.SLACK, Map.of("channel", "C-ANSWERS"),
                        Map.of("webhookUrl", baseUrl + "/services/T0/B0/answers"));
                case TEAMS -> channel(ChannelType.TEAMS, Map.of(), Map.of("workflowUrl", baseUrl + "/workflows/answers"));
                case SERVICENOW -> channel(ChannelType.SERVICENOW, Map.of("instanceUrl", baseUrl, "username", USER),
                        Map.of("password", PASSWORD));
                case WEBHOOK -> channel(ChannelType.WEBHOOK, Map.of("url", baseUrl + "/hook"), Map.of());
            };
        }

        private static SendJob.ChannelSnapshot channel(ChannelType type, Map<String, String> settings,
                Map<String, String> secrets) {
            return new SendJob.ChannelSnapshot(UUID.randomUUID(), "answers-" + type, type, settings, secrets);
        }
    }

    /** What the receiver does, what the sender must make of it, and the wait it must take from the answer. */
    record Answer(String name, Consumer<FakeHttpServer> setUp, Outcome expected, Duration retryAfter) {

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Answer> httpAnswers() {
        List<Answer> answers = new ArrayList<>();
        answers.add(new Answer("2xx", fake -> {
        }, Outcome.DELIVERED, null));
        for (int status : new int[] {400, 401, 403, 404, 410, 422}) {
            answers.add(new Answer("HTTP " + status, fake -> fake.inject(Fault.serverError(status, 1)), Outcome.FAILED,
                    null));
        }
        for (int status : new int[] {408, 500, 502, 503, 504}) {
            answers.add(new Answer("HTTP " + status, fake -> fake.inject(Fault.serverError(status, 1)), Outcome.RETRY,
                    null));
        }
        answers.add(new Answer("HTTP 429 with Retry-After: 7", fake -> fake.inject(Fault.rateLimited(7, 1)),
                Outcome.RETRY, Duration.ofSeconds(7)));
        return answers;
    }

    static Stream<Arguments> everySenderAndAnswer() {
        List<Arguments> cases = new ArrayList<>();
        for (Receiver receiver : Receiver.values()) {
            for (Answer answer : httpAnswers()) {
                cases.add(Arguments.of(receiver, answer));
            }
        }
        cases.add(Arguments.of(Receiver.SLACK_BOT, new Answer("200 {\"ok\":false,\"error\":\"ratelimited\"}",
                fake -> ((SlackFake) fake).failNextWith("ratelimited", 1), Outcome.RETRY, null)));
        cases.add(Arguments.of(Receiver.SLACK_BOT, new Answer("200 {\"ok\":false,\"error\":\"service_unavailable\"}",
                fake -> ((SlackFake) fake).failNextWith("service_unavailable", 1), Outcome.RETRY, null)));
        cases.add(Arguments.of(Receiver.SLACK_BOT, new Answer("200 {\"ok\":false,\"error\":\"channel_not_found\"}",
                fake -> ((SlackFake) fake).failNextWith("channel_not_found", 1), Outcome.FAILED, null)));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} answering {1}")
    @MethodSource("everySenderAndAnswer")
    void everySenderReadsTheSameAnswerTheSameWay(Receiver receiver, Answer answer) {
        try (FakeHttpServer fake = receiver.fake().start(0)) {
            answer.setUp().accept(fake);

            SendResult result = senders.send(job(receiver.channel(fake.baseUrl())));

            assertThat(result.outcome()).as(result.detail()).isEqualTo(answer.expected());
            assertThat(result.retryAfter()).isEqualTo(answer.retryAfter());
            assertThat(fake.received()).as("one request reached the receiver").isNotEmpty();
        }
    }

    /**
     * The worker commits an attempt's start before the request leaves only for senders that say they look for an
     * attempt in doubt: this holds each sender to what it says. Sent once, then again as an attempt whose outcome was
     * not recorded: a sender that looks finds its message and writes nothing more, the others send it again.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Receiver.class)
    void aSenderLooksForAnAttemptInDoubtExactlyWhenItSaysItDoes(Receiver receiver) {
        try (FakeHttpServer fake = receiver.fake().start(0)) {
            SendJob first = job(receiver.channel(fake.baseUrl()));
            assertThat(senders.send(first).outcome()).isEqualTo(Outcome.DELIVERED);
            int writesBefore = writes(fake);
            SendJob inDoubt = new SendJob(first.deliveryId(), first.idempotencyKey(), first.eventId(),
                    first.eventType(), first.threadKey(), first.event(), first.content(), first.channel(),
                    first.thread(), Instant.now().minusSeconds(30));

            SendResult again = senders.send(inDoubt);

            assertThat(again.outcome()).as(again.detail()).isEqualTo(Outcome.DELIVERED);
            boolean looks = senders.looksForEarlierAttempts(inDoubt);
            assertThat(looks).isEqualTo(receiver == Receiver.SLACK_BOT || receiver == Receiver.SERVICENOW);
            assertThat(writes(fake) - writesBefore).as("writes of the attempt in doubt").isEqualTo(looks ? 0 : 1);
        }
    }

    /** Requests that post, create or change something at the receiver (a look-up is a GET everywhere). */
    private static int writes(FakeHttpServer fake) {
        return (int) fake.received().stream().filter(request -> !"GET".equals(request.method())).count();
    }

    private static SendJob job(SendJob.ChannelSnapshot channel) {
        String incidentId = "inc-" + UUID.randomUUID();
        IncidentEvent opened = new IncidentEvent(incidentId, "INC-1", IncidentEvent.Change.OPENED, "OPEN", Severity.P2,
                "Billing queue abandonment", null, null, List.of("billing"), List.of(), null, 0, null, null,
                Instant.now(), null);
        return new SendJob(UUID.randomUUID(), "e-" + incidentId + "/" + channel.id(), "e-" + incidentId,
                opened.type(), "incident:" + incidentId, opened, ContentRenderer.render(opened), channel, null, null);
    }
}
