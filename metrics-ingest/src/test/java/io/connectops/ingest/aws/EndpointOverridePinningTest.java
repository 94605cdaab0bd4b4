package io.connectops.ingest.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.connectops.ingest.domain.ConnectSource;
import io.connectops.simulator.ConnectSimulator;
import io.connectops.simulator.Scenario;
import io.connectops.simulator.SimulatedInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.connect.ConnectClient;
import software.amazon.awssdk.services.connect.model.ListQueuesResponse;

/**
 * A source's SDK client connects only to addresses that passed the endpointOverride check, whatever the name
 * resolves to by the time it connects. The name here is in {@code .test} (never resolved by real DNS), mapped by a
 * fake lookup: that the happy path reaches the local Connect simulator at all proves the client resolved it through
 * the checked resolver.
 */
class EndpointOverridePinningTest {

    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider
            .create(AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
    private static ConnectSimulator simulator;

    @BeforeAll
    static void startSimulator() {
        simulator = ConnectSimulator.start(0, Scenario.NORMAL_DAY);
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    /** A name that resolves to each of {@code answers} in turn (the last one from then on), recording every lookup. */
    private static final class RebindingLookup implements CheckedEndpointResolver.HostLookup {
        final String name;
        final List<InetAddress> answers;
        final List<String> lookups = new ArrayList<>();

        RebindingLookup(String name, String... answers) throws UnknownHostException {
            this.name = name;
            this.answers = new ArrayList<>();
            for (String answer : answers) {
                this.answers.add(InetAddress.getByAddress(name, InetAddress.getByName(answer).getAddress()));
            }
        }

        @Override
        public synchronized InetAddress[] lookup(String host) throws UnknownHostException {
            if (!host.equals(name)) {
                throw new UnknownHostException(host);
            }
            lookups.add(host);
            return new InetAddress[] { answers.get(Math.min(lookups.size(), answers.size()) - 1) };
        }
    }

    private static ConnectSource source(String endpointOverride) {
        ConnectSource source = new ConnectSource();
        source.region = SimulatedInstance.REGION;
        source.endpointOverride = endpointOverride;
        return source;
    }

    @Test
    void aVpcEndpointNameIsReachedAtTheAddressItWasCheckedAt() throws Exception {
        String instanceId = "pinned-" + UUID.randomUUID();
        simulator.instance(instanceId);
        RebindingLookup lookup = new RebindingLookup("connect.vpce.test", "127.0.0.1");

        try (ConnectClient client = ConnectApi.connectClient(
                source("http://connect.vpce.test:" + simulator.port()), CREDENTIALS, true, lookup)) {
            ListQueuesResponse queues = client.listQueues(request -> request.instanceId(instanceId));

            assertThat(queues.queueSummaryList()).hasSize(SimulatedInstance.QUEUE_NAMES.size());
        }
        assertThat(simulator.calls("ListQueues", instanceId)).isEqualTo(1);
        assertThat(lookup.lookups).as("checked when built, then by the connection").hasSize(2);
    }

    @Test
    void aNameThatRebindsToAForbiddenAddressAfterTheCheckIsNotConnectedTo() throws Exception {
        String instanceId = "rebound-" + UUID.randomUUID();
        simulator.instance(instanceId);
        // 0.0.0.0 ("this network") is always refused, yet on Linux a connection to it reaches this host's listeners:
        // the simulator would answer if the client went there.
        try (Socket reachable = new Socket("0.0.0.0", simulator.port())) {
            assertThat(reachable.isConnected()).isTrue();
        }
        RebindingLookup lookup = new RebindingLookup("connect.vpce.test", "127.0.0.1", "0.0.0.0");

        try (ConnectClient client = ConnectApi.connectClient(
                source("http://connect.vpce.test:" + simulator.port()), CREDENTIALS, true, lookup)) {
            assertThatThrownBy(() -> client.listQueues(request -> request.instanceId(instanceId)))
                    .isInstanceOf(SdkClientException.class)
                    .hasRootCauseInstanceOf(UnknownHostException.class)
                    .rootCause().hasMessage("endpointOverride host connect.vpce.test now resolves to 0.0.0.0, an address "
                            + "of this network, which is not accepted: not connecting");
        }
        assertThat(lookup.lookups).hasSize(2);
        assertThat(simulator.calls("ListQueues", instanceId)).isZero();
    }

    @Test
    void aNameThatResolvesToAForbiddenAddressWhenTheClientIsBuiltIsRefusedThen() throws Exception {
        RebindingLookup lookup = new RebindingLookup("connect.vpce.test", "169.254.169.254");

        assertThatThrownBy(() -> ConnectApi.connectClient(source("http://connect.vpce.test:8443"), CREDENTIALS, true,
                lookup))
                .isInstanceOf(ConnectApi.ConnectCallFailed.class)
                .hasMessage("endpointOverride host connect.vpce.test resolves to an address of the instance metadata "
                        + "service, which is not accepted");
    }

    @Test
    void theCloudWatchClientOfASourceIsPinnedToo() throws Exception {
        RebindingLookup lookup = new RebindingLookup("monitoring.vpce.test", "127.0.0.1", "0.0.0.0");
        ConnectSource source = source(null);
        source.cloudWatchEndpointOverride = "http://monitoring.vpce.test:" + simulator.port();
        int before = simulator.calls("GetMetricData", "cloudwatch");

        try (var client = ConnectApi.cloudWatchClient(source, CREDENTIALS, true, lookup)) {
            assertThatThrownBy(() -> client.getMetricData(request -> request
                    .startTime(Instant.now().minusSeconds(600)).endTime(Instant.now())
                    .metricDataQueries(q -> q.id("m1").metricStat(s -> s.period(60).stat("Sum")
                            .metric(m -> m.namespace("AWS/Connect").metricName("MissedCalls"))))))
                    .isInstanceOf(SdkClientException.class)
                    .hasRootCauseInstanceOf(UnknownHostException.class);
        }
        assertThat(lookup.lookups).hasSize(2);
        assertThat(simulator.calls("GetMetricData", "cloudwatch")).isEqualTo(before);
    }
}
