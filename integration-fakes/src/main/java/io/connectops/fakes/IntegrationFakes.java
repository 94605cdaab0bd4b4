package io.connectops.fakes;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs every fake for the local platform: {@code IntegrationFakes [slackPort teamsPort serviceNowPort webhookPort]}
 * (defaults 9101..9104). Credentials come from the environment: {@code FAKE_SLACK_TOKEN} (default
 * {@code xoxb-local}), {@code FAKE_SERVICENOW_USER}/{@code FAKE_SERVICENOW_PASSWORD} (default {@code connectops}/
 * {@code connectops}).
 */
public final class IntegrationFakes {

    private static final System.Logger STARTUP_LOG = System.getLogger(IntegrationFakes.class.getName());

    private IntegrationFakes() {
    }

    public static void main(String[] args) throws InterruptedException {
        int[] ports = {9101, 9102, 9103, 9104};
        for (int i = 0; i < Math.min(args.length, ports.length); i++) {
            ports[i] = Integer.parseInt(args[i]);
        }
        SlackFake slack = new SlackFake(env("FAKE_SLACK_TOKEN", "xoxb-local"));
        TeamsFake teams = new TeamsFake();
        ServiceNowFake serviceNow = new ServiceNowFake(env("FAKE_SERVICENOW_USER", "connectops"),
                env("FAKE_SERVICENOW_PASSWORD", "connectops"));
        WebhookFake webhook = new WebhookFake();
        List<FakeHttpServer> fakes = List.of(slack.start(ports[0]), teams.start(ports[1]), serviceNow.start(ports[2]),
                webhook.start(ports[3]));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> fakes.forEach(FakeHttpServer::close)));
        STARTUP_LOG.log(System.Logger.Level.INFO, "Slack Web API      " + slack.baseUrl() + "/api  (webhooks under /services/)");
        STARTUP_LOG.log(System.Logger.Level.INFO, "Teams Workflows    " + teams.baseUrl() + "/workflows/<any>");
        STARTUP_LOG.log(System.Logger.Level.INFO, "ServiceNow         " + serviceNow.baseUrl() + "/api/now/table/incident");
        STARTUP_LOG.log(System.Logger.Level.INFO, "Webhook receiver   " + webhook.baseUrl() + "/<any>");
        STARTUP_LOG.log(System.Logger.Level.INFO, "Each fake: GET /_fake/requests, POST /_fake/faults?kind=RATE_LIMITED&retryAfter=2&times=1, "
                + "POST /_fake/reset");
        new CountDownLatch(1).await();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
