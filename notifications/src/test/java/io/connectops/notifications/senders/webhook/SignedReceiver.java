package io.connectops.notifications.senders.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on a local socket that checks every request as the Standard Webhooks reference verifier does
 * (standard-webhooks/standard-webhooks, libraries/java WebhookBase.verify), written here independently of the
 * sender: the three headers must be there, the timestamp within 5 minutes of now, and one of the space-separated
 * {@code v1,} signatures equal (in constant time) to base64(HMAC-SHA256(key, id.timestamp.body)) with the key the
 * base64 after {@code whsec_}. A request that fails gets 401; the others get the next planned status (then 200).
 */
final class SignedReceiver implements AutoCloseable {

    static final long TOLERANCE_SECONDS = 5 * 60;

    /** One request as it arrived, with what verification said about it. */
    record Received(Map<String, String> headers, String body, String verification) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final byte[] key;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> planned = new ConcurrentLinkedDeque<>();

    SignedReceiver(String secret) throws IOException {
        this.key = secret == null ? null : Base64.getDecoder().decode(secret.substring("whsec_".length()));
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next requests are answered with these statuses (when their signature holds). */
    SignedReceiver answer(Integer... statuses) {
        planned.addAll(List.of(statuses));
        return this;
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                String.join(",", values)));
        String verification = key == null ? "unsigned" : verify(key, headers, body, System.currentTimeMillis() / 1000);
        received.add(new Received(headers, body, verification));
        int status = !"verified".equals(verification) && key != null ? 401
                : planned.isEmpty() ? 200 : planned.poll();
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** "verified", or why not, the way the reference verifier decides. */
    static String verify(byte[] key, Map<String, String> headers, String body, long nowSeconds) {
        String id = headers.get("webhook-id");
        String timestamp = headers.get("webhook-timestamp");
        String signatures = headers.get("webhook-signature");
        if (id == null || timestamp == null || signatures == null) {
            return "missing required headers";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return "invalid timestamp";
        }
        if (seconds < nowSeconds - TOLERANCE_SECONDS) {
            return "timestamp too old";
        }
        if (seconds > nowSeconds + TOLERANCE_SECONDS) {
            return "timestamp too new";
        }
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            expected = Base64.getEncoder().encode(
                    mac.doFinal((id + "." + seconds + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            return "cannot compute: " + e;
        }
        for (String versioned : signatures.split(" ")) {
            String[] parts = versioned.split(",");
            if (parts.length < 2 || !"v1".equals(parts[0])) {
                continue;
            }
            if (MessageDigest.isEqual(parts[1].getBytes(StandardCharsets.UTF_8), expected)) {
                return "verified";
            }
        }
        return "no matching signature";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
