package io.connectops.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import com.sun.net.httpserver.HttpServer;

/** The simulator's CloudWatch: GetMetricData in the AWS Query protocol, and SNS alarm notifications per state change. */
class CloudWatchSimulationTest {

    private static final Instant START = Instant.parse("2026-11-22T10:00:00Z");

    /** A clock a test moves on by hand, so that the scenario keeps its start. */
    static final class HandClock extends Clock {
        volatile Instant now = START;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final HandClock clock = new HandClock();
    private ConnectSimulator simulator;
    private HttpServer receiver;
    private final List<String> deliveries = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        simulator = ConnectSimulator.start(0, Scenario.CALL_SURGE).clock(clock);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/sns", exchange -> {
            deliveries.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        simulator.close();
        receiver.stop(0);
    }

    /** A GetMetricData body as the SDK's query marshaller writes it (field order as on the wire). */
    private static String getMetricData(Instant start, Instant end, String... queries) {
        StringBuilder body = new StringBuilder("Action=GetMetricData&Version=2010-08-01");
        for (int i = 0; i < queries.length; i++) {
            body.append(queries[i].replace("#", "MetricDataQueries.member." + (i + 1) + "."));
        }
        return body.append("&StartTime=").append(start).append("&EndTime=").append(end).toString();
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(simulator.endpoint().resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The Values of the result with {@code id}, oldest first. */
    private static List<Double> values(String xml, String id) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        NodeList results = document.getElementsByTagName("MetricDataResults").item(0).getChildNodes();
        for (int i = 0; i < results.getLength(); i++) {
            Element result = (Element) results.item(i);
            if (id.equals(result.getElementsByTagName("Id").item(0).getTextContent())) {
                NodeList members = ((Element) result.getElementsByTagName("Values").item(0)).getElementsByTagName("member");
                List<Double> values = new ArrayList<>();
                for (int m = members.getLength() - 1; m >= 0; m--) {
                    values.add(Double.valueOf(members.item(m).getTextContent()));
                }
                return values;
            }
        }
        throw new AssertionError("No result " + id + " in " + xml);
    }

    @Test
    void lambdaAndFlowErrorsRiseWithTheSurgeAndEachMinuteIsReadableAMinuteAfterItEnds() throws Exception {
        clock.now = START.plus(Duration.ofMinutes(6)).plusSeconds(30);
        String lambdaErrors = "&#Id=m1&#MetricStat.Metric.Namespace=AWS%2FLambda&#MetricStat.Metric.MetricName=Errors"
                + "&#MetricStat.Metric.Dimensions.member.1.Name=FunctionName"
                + "&#MetricStat.Metric.Dimensions.member.1.Value=flow-lookup&#MetricStat.Period=60&#MetricStat.Stat=Sum";
        String flowErrors = "&#Id=e1&#Expression=" + encoded("SUM(SEARCH('Namespace=\"AWS/Connect\" InstanceId=\"inst-a\" "
                + "MetricName=\"ContactFlowErrors\"', 'Sum', 60))") + "&#Period=60";

        HttpResponse<String> response = post(getMetricData(START, START.plus(Duration.ofMinutes(6)), lambdaErrors, flowErrors));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("<GetMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">");
        // At 10:06:30 the minutes up to 10:05 are readable: 10:00..10:04; failures start at minute 2 of the surge.
        assertThat(values(response.body(), "m1")).containsExactly(0.0, 0.0, 3.0, 3.0, 3.0);
        assertThat(values(response.body(), "e1")).containsExactly(0.0, 0.0, 3.0, 3.0, 3.0);
        assertThat(simulator.calls("GetMetricData", "cloudwatch")).isEqualTo(1);
    }

    @Test
    void aTestCanFixAMetricOrTakeItsDatapointsAway() throws Exception {
        clock.now = START.plus(Duration.ofMinutes(4));
        simulator.cloudWatchValue("AWS/Lambda/Errors", 9.0).cloudWatchValue("AWS/Lambda/Duration", null);
        String errors = "&#Id=m1&#MetricStat.Metric.Namespace=AWS%2FLambda&#MetricStat.Metric.MetricName=Errors"
                + "&#MetricStat.Period=60&#MetricStat.Stat=Sum";
        String duration = "&#Id=m2&#MetricStat.Metric.Namespace=AWS%2FLambda&#MetricStat.Metric.MetricName=Duration"
                + "&#MetricStat.Period=60&#MetricStat.Stat=Average";

        String body = post(getMetricData(START, START.plus(Duration.ofMinutes(3)), errors, duration)).body();

        assertThat(values(body, "m1")).containsExactly(9.0, 9.0, 9.0);
        assertThat(values(body, "m2")).isEmpty();
    }

    @Test
    void aRequestThatIsNoGetMetricDataIsAQueryProtocolError() throws Exception {
        HttpResponse<String> response = post("Action=PutMetricData&Version=2010-08-01");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("<Code>InvalidAction</Code>");
        assertThat(post(getMetricData(START, START.plusSeconds(60), "&#Id=Bad&#MetricStat.Period=60")).body())
                .contains("<Code>InvalidParameterValue</Code>");
    }

    @Test
    void alarmsAreNotifiedOncePerStateChangeNeverAgainWhileTheStateHolds() {
        URI target = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/sns");
        simulator.instance("inst-a");

        assertThat(simulator.evaluateAlarms(target)).as("first evaluation: INSUFFICIENT_DATA to OK").isEqualTo(3);
        assertThat(simulator.evaluateAlarms(target)).as("the state holds").isZero();
        clock.now = START.plus(Duration.ofMinutes(8));
        assertThat(simulator.evaluateAlarms(target)).as("the surge: OK to ALARM").isEqualTo(3);
        clock.now = START.plus(Duration.ofMinutes(9));
        assertThat(simulator.evaluateAlarms(target)).as("still in alarm").isZero();

        assertThat(deliveries).hasSize(6);
        List<String> states = deliveries.stream().map(CloudWatchSimulationTest::alarmState).toList();
        assertThat(states).containsExactly("INSUFFICIENT_DATA>OK", "INSUFFICIENT_DATA>OK", "INSUFFICIENT_DATA>OK",
                "OK>ALARM", "OK>ALARM", "OK>ALARM");
    }

    private static String alarmState(String delivery) {
        try {
            var alarm = ConnectSimulator.JSON.readTree(ConnectSimulator.JSON.readTree(delivery).path("Message").asText());
            return alarm.path("OldStateValue").asText() + ">" + alarm.path("NewStateValue").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
