package io.connectops.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real PostgreSQL and OIDC servers, but a Kafka address where nothing listens (a port taken and let go), with a
 * short push acknowledgement timeout: the application starts and every send to Kafka fails, as in an outage.
 */
public class UnreachableKafka implements QuarkusTestResourceLifecycleManager {

    public static final String ACK_TIMEOUT = "PT2S";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(new RealInfrastructure().start());
        config.put("kafka.bootstrap.servers", "127.0.0.1:" + closedPort());
        config.put("connectops.kafka.topics.provision", "false");
        config.put("connectops.ingest.push.ack-timeout", ACK_TIMEOUT);
        return config;
    }

    @Override
    public void stop() {
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
