package io.connectops.notifications.senders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.connectops.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Outbound calls connect to the address that was checked, and read at most 64 KiB of what comes back. */
@QuarkusTest
@WithTestResource(RealInfrastructure.class)
class HttpCallsTest {

    private static final int HUGE = 2 * 1024 * 1024;

    @Inject
    HttpCalls http;

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestHeaders().getFirst("Host") + " " + exchange.getRequestURI());
            exchange.getRequestBody().readAllBytes();
            int status = exchange.getRequestURI().getPath().startsWith("/fail") ? 500 : 200;
            boolean huge = exchange.getRequestURI().getPath().endsWith("/huge");
            exchange.sendResponseHeaders(status, huge ? HUGE : 2);
            try (OutputStream out = exchange.getResponseBody()) {
                if (!huge) {
                    out.write("{}".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.UTF_8);
                for (int written = 0; written < HUGE; written += chunk.length) {
                    out.write(chunk);
                }
            } catch (IOException cutOff) {
                // The client stops reading at its cap and closes the connection.
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aReplyBodyIsReadUpTo64KiBAndNoFurther() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();

        HttpCalls.Reply ok = http.send("POST", base + "/ok/huge", Map.of(), "{}", List.of());
        HttpCalls.Reply failed = http.send("POST", base + "/fail/huge", Map.of(), "{}", List.of());

        assertThat(ok.ok()).isTrue();
        assertThat(ok.body()).hasSize(HttpCalls.MAX_REPLY_BYTES);
        assertThat(failed.ok()).isFalse();
        assertThat(failed.body()).hasSize(HttpCalls.MAX_REPLY_BYTES);
        assertThat(failed.failure().detail()).startsWith("HTTP 500: xxx").hasSizeLessThan(320);
    }

    @Test
    void theConnectionGoesToTheCheckedAddressWithTheOriginalNameAsHost() {
        int port = server.getAddress().getPort();
        // The name does not resolve at all: the call can only succeed by using the address the policy checked.
        OutboundPolicy.Target target = new OutboundPolicy.Target(
                URI.create("http://pinned.invalid:" + port + "/where?x=1"), "pinned.invalid", port, false,
                InetAddress.getLoopbackAddress());

        HttpCalls.Reply reply = http.exchange(target, "POST", Map.of(), "{}", List.of(), null);

        assertThat(reply.ok()).isTrue();
        assertThat(seen).containsExactly("pinned.invalid:" + port + " /where?x=1");
    }
}
