package io.connectops.notifications.senders.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.IncidentEvent.Change;
import io.connectops.fakes.SmtpFake;
import io.connectops.notifications.Fixtures;
import io.connectops.platform.security.Roles;
import io.connectops.platform.testing.ApiSecurity;
import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** E-mail goes through the real Quarkus mailer over a socket to an SMTP server, not to the mock mailbox. */
@QuarkusTest
@TestProfile(EmailOverSmtpTest.RealSmtp.class)
@WithTestResource(RealInfrastructure.class)
class EmailOverSmtpTest {

    static final SmtpFake SMTP = new SmtpFake().start(0);

    public static class RealSmtp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.mailer.mock", "false",
                    "quarkus.mailer.host", "127.0.0.1",
                    "quarkus.mailer.port", Integer.toString(SMTP.port()),
                    "quarkus.mailer.start-tls", "DISABLED",
                    "quarkus.mailer.tls", "false",
                    "quarkus.mailer.from", "connect-ops@example.org");
        }
    }

    @Test
    void anIncidentIsMailedToTheChannelsRecipientsOverSmtp() {
        String queue = Fixtures.unique("q");
        String first = Fixtures.unique("ops") + "@example.org";
        String second = Fixtures.unique("lead") + "@example.org";
        String channel = Fixtures.createChannel(Map.of("name", Fixtures.unique("email"), "type", "EMAIL",
                "settings", Map.of("to", first + ", " + second)));
        Fixtures.routeForQueue(queue, channel);
        String incidentId = Fixtures.unique("inc");

        Fixtures.publish(Fixtures.incident(incidentId, Change.OPENED, "OPEN", "Callers wait over 5 minutes", queue));

        Fixtures.awaitStatuses("incidentId", incidentId, 1, "DELIVERED");
        List<SmtpFake.Mail> mails = SMTP.mailsTo(first);
        assertThat(mails).hasSize(1);
        SmtpFake.Mail mail = mails.get(0);
        assertThat(mail.recipients()).containsExactlyInAnyOrder(first, second);
        assertThat(mail.from()).isEqualTo("connect-ops@example.org");
        assertThat(mail.header("Subject")).isEqualTo("[P1] INC-" + incidentId.substring(incidentId.length() - 4)
                + " Billing queue abandonment");
        assertThat(mail.data()).contains("Incident opened by Alice", "Callers wait over 5 minutes", "Queues: " + queue);
    }

    @Test
    void theChannelTestSendsARealMail() {
        String to = Fixtures.unique("check") + "@example.org";
        String channel = Fixtures.createChannel(Map.of("name", Fixtures.unique("email"), "type", "EMAIL",
                "settings", Map.of("to", to)));

        ApiSecurity.as(Roles.ADMIN).post("/api/v1/channels/" + channel + "/test").then().statusCode(200)
                .body("delivered", equalTo(true));

        assertThat(SMTP.mailsTo(to)).singleElement()
                .satisfies(mail -> assertThat(mail.header("Subject")).isEqualTo("Connect Ops test message"));
    }
}
