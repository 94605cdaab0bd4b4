package io.connectops.platform.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small OpenID Connect provider for tests: discovery, a JWKS with a fresh RSA key, and a token endpoint for the
 * client-credentials grant, the device-authorization grant (RFC 8628) and refresh tokens. Tokens are really signed,
 * and services verify them exactly as they verify Keycloak's or Entra ID's. It listens on a free port, so parallel
 * test runs never collide.
 *
 * <p>The device grant answers as RFC 8628 §3.5 says: {@code authorization_pending} until the person decides,
 * {@code slow_down} (and five seconds more between polls from then on) to a client polling before its interval,
 * {@code access_denied} once the person declines, {@code expired_token} after the code's lifetime. The person
 * decides on the verification page the device sign-in prints ({@code /device?user_code=…}: a form with the user
 * name and roles to sign in as, Approve or Deny) or through {@link #approveDevice} and {@link #denyDevice}.
 */
public final class TestOidcServer {

    public static final String REALM_PATH = "/realms/connectops";
    private static final String KEY_ID = "connectops-test-key";

    static {
        // Without TCP_NODELAY the JDK's server holds a keep-alive caller's next request for the delayed ACK of the
        // previous answer (40 ms on Linux). Read when the JVM's first server starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    private static TestOidcServer instance;

    private final HttpServer server;
    private final KeyPair keys;
    /** Device codes waiting for a person, by device code; the user and roles once approved. */
    private final Map<String, DeviceRequest> devices = new ConcurrentHashMap<>();
    /** Polls of the token endpoint for a device code that came before its interval had passed. */
    private final AtomicInteger devicePollsTooSoon = new AtomicInteger();
    private volatile int deviceCodeSeconds = 600;
    /** Refresh tokens handed out, each good for one refresh (rotated, as Keycloak does by default). */
    private final Map<String, Grantee> refreshTokens = new ConcurrentHashMap<>();
    private volatile int accessTokenSeconds = 300;

    private record Grantee(String user, List<String> roles) {
    }

    private enum Decision { PENDING, APPROVED, DENIED }

    /**
     * One device sign-in: its codes, what the person decided, until when it is valid, the interval the client must
     * keep between polls, when it last polled, and whether the next poll is told to slow down whatever its timing.
     */
    private record DeviceRequest(String userCode, Decision decision, Grantee approvedFor, long expiresAtNanos,
            long intervalNanos, long lastPollNanos, boolean slowDownNext) {

        DeviceRequest decided(Decision newDecision, Grantee grantee) {
            return new DeviceRequest(userCode, newDecision, grantee, expiresAtNanos, intervalNanos, lastPollNanos,
                    slowDownNext);
        }

        DeviceRequest polled(long now, long interval, boolean slowDown) {
            return new DeviceRequest(userCode, decision, approvedFor, expiresAtNanos, interval, now, slowDown);
        }
    }

    private TestOidcServer() throws IOException {
        keys = newRsaKeyPair();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "test-oidc");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext(REALM_PATH + "/.well-known/openid-configuration", this::discovery);
        server.createContext(REALM_PATH + "/protocol/openid-connect/certs", this::jwks);
        server.createContext(REALM_PATH + "/protocol/openid-connect/token", this::token);
        server.createContext(REALM_PATH + "/protocol/openid-connect/auth/device", this::deviceAuthorization);
        server.createContext(REALM_PATH + "/device", this::verificationPage);
        server.start();
    }

    /** The one server of this JVM, started on first use. */
    public static synchronized TestOidcServer get() {
        if (instance == null) {
            try {
                instance = new TestOidcServer();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start the test OIDC server", e);
            }
        }
        return instance;
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + REALM_PATH;
    }

    /** The person confirms the code a device sign-in printed: the next poll gets a token for {@code user}. */
    public void approveDevice(String userCode, String user, String... roles) {
        decide(userCode, Decision.APPROVED, new Grantee(user, List.of(roles)));
    }

    /** The person declines the code: the next poll gets {@code access_denied}. */
    public void denyDevice(String userCode) {
        decide(userCode, Decision.DENIED, null);
    }

    /**
     * The provider is busy: the next poll for this code gets {@code slow_down}, and from then on the client must wait
     * five seconds more between polls (RFC 8628 §3.5).
     */
    public void slowDownDevice(String userCode) {
        devices.replaceAll((deviceCode, request) -> request.userCode().equals(userCode)
                ? request.polled(request.lastPollNanos(), request.intervalNanos(), true) : request);
    }

    /** How long new device codes are valid ({@code expires_in}); 600 s unless a test wants one to expire. */
    public void announceDeviceCodeLifetime(int seconds) {
        deviceCodeSeconds = seconds;
    }

    /** Polls so far, by any client, that came before their interval had passed (each was told {@code slow_down}). */
    public int devicePollsTooSoon() {
        return devicePollsTooSoon.get();
    }

    private boolean decide(String userCode, Decision decision, Grantee grantee) {
        boolean[] found = {false};
        devices.replaceAll((deviceCode, request) -> {
            if (request.userCode().equalsIgnoreCase(userCode) && request.decision() == Decision.PENDING) {
                found[0] = true;
                return request.decided(decision, grantee);
            }
            return request;
        });
        return found[0];
    }

    /** The lifetime the token endpoint announces ({@code expires_in}); short ones make clients refresh. */
    public void announceAccessTokenLifetime(int seconds) {
        accessTokenSeconds = seconds;
    }

    public PrivateKey signingKey() {
        return keys.getPrivate();
    }

    public String keyId() {
        return KEY_ID;
    }

    static KeyPair newRsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void discovery(HttpExchange exchange) throws IOException {
        String issuer = issuer();
        respond(exchange, 200, """
                {"issuer":"%1$s","jwks_uri":"%1$s/protocol/openid-connect/certs",
                 "token_endpoint":"%1$s/protocol/openid-connect/token",
                 "authorization_endpoint":"%1$s/protocol/openid-connect/auth",
                 "device_authorization_endpoint":"%1$s/protocol/openid-connect/auth/device",
                 "end_session_endpoint":"%1$s/protocol/openid-connect/logout",
                 "id_token_signing_alg_values_supported":["RS256"],
                 "grant_types_supported":["client_credentials","refresh_token",
                   "urn:ietf:params:oauth:grant-type:device_code"]}""".formatted(issuer));
    }

    private void jwks(HttpExchange exchange) throws IOException {
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        respond(exchange, 200, """
                {"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"%s","n":"%s","e":"%s"}]}"""
                .formatted(KEY_ID, base64Url(key.getModulus()), base64Url(key.getPublicExponent())));
    }

    /**
     * Client credentials (the client id names the role: client {@code ingest} gets role {@code ingest}), device codes
     * once approved, and refresh tokens.
     */
    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(exchange);
        String clientId = form.get("client_id");
        String grant = form.getOrDefault("grant_type", "");
        if (clientId == null) {
            respond(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        switch (grant) {
            case "client_credentials" -> respond(exchange, 200, "{\"access_token\":\""
                    + TestTokens.forClient(clientId, clientId) + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                    + accessTokenSeconds + "}");
            case "urn:ietf:params:oauth:grant-type:device_code" -> {
                String deviceCode = form.getOrDefault("device_code", "");
                String[] answer = new String[1];
                devices.computeIfPresent(deviceCode, (code, request) -> {
                    long now = System.nanoTime();
                    if (now - request.expiresAtNanos() > 0) {
                        answer[0] = "expired_token";
                        return null;
                    }
                    boolean tooSoon = request.lastPollNanos() != 0
                            && now - request.lastPollNanos() < request.intervalNanos();
                    if (tooSoon || request.slowDownNext()) {
                        if (tooSoon) {
                            devicePollsTooSoon.incrementAndGet();
                        }
                        answer[0] = "slow_down";
                        return request.polled(now, request.intervalNanos() + 5_000_000_000L, false);
                    }
                    switch (request.decision()) {
                        case PENDING -> answer[0] = "authorization_pending";
                        case DENIED -> {
                            answer[0] = "access_denied";
                            return null;
                        }
                        case APPROVED -> {
                            answer[0] = userTokens(request.approvedFor());
                            return null;
                        }
                    }
                    return request.polled(now, request.intervalNanos(), false);
                });
                if (answer[0] == null) {
                    // Never issued, already used, or expired and forgotten: RFC 8628 has the client start over.
                    respond(exchange, 400, "{\"error\":\"expired_token\"}");
                } else if (answer[0].startsWith("{")) {
                    respond(exchange, 200, answer[0]);
                } else {
                    respond(exchange, 400, "{\"error\":\"" + answer[0] + "\"}");
                }
            }
            case "refresh_token" -> {
                Grantee grantee = refreshTokens.remove(form.getOrDefault("refresh_token", ""));
                if (grantee == null) {
                    respond(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Session not active\"}");
                } else {
                    respond(exchange, 200, userTokens(grantee));
                }
            }
            default -> respond(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
        }
    }

    private void deviceAuthorization(HttpExchange exchange) throws IOException {
        if (form(exchange).get("client_id") == null) {
            respond(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        String deviceCode = UUID.randomUUID().toString();
        String userCode = deviceCode.substring(0, 4).toUpperCase() + "-" + deviceCode.substring(4, 8).toUpperCase();
        int lifetime = deviceCodeSeconds;
        devices.put(deviceCode, new DeviceRequest(userCode, Decision.PENDING, null,
                System.nanoTime() + lifetime * 1_000_000_000L, 1_000_000_000L, 0, false));
        String verification = issuer() + "/device";
        respond(exchange, 200, """
                {"device_code":"%s","user_code":"%s","verification_uri":"%s",
                 "verification_uri_complete":"%s?user_code=%s","expires_in":%d,"interval":1}"""
                .formatted(deviceCode, userCode, verification, verification, userCode, lifetime));
    }

    /**
     * Where the person goes: GET shows a form for the code (user name, roles, Approve or Deny); POST records the
     * decision. Stands in for Keycloak's sign-in and consent pages, without passwords.
     */
    private void verificationPage(HttpExchange exchange) throws IOException {
        if ("POST".equals(exchange.getRequestMethod())) {
            Map<String, String> form = form(exchange);
            String userCode = form.getOrDefault("user_code", "");
            boolean approve = "approve".equals(form.get("decision"));
            String user = form.getOrDefault("username", "");
            List<String> roles = List.of(form.getOrDefault("roles", "").split("[,\\s]+")).stream()
                    .filter(role -> !role.isBlank()).toList();
            if (approve && user.isBlank()) {
                respondHtml(exchange, 400, "<p>A user name is needed to approve.</p>");
                return;
            }
            boolean decided = decide(userCode, approve ? Decision.APPROVED : Decision.DENIED,
                    approve ? new Grantee(user, roles) : null);
            respondHtml(exchange, decided ? 200 : 400, decided
                    ? "<p>" + (approve ? "Device signed in. You may close this window." : "Sign-in denied.") + "</p>"
                    : "<p>Unknown, expired or already used code.</p>");
            return;
        }
        String query = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
        String userCode = "";
        for (String pair : query.split("&")) {
            if (pair.startsWith("user_code=")) {
                userCode = URLDecoder.decode(pair.substring("user_code=".length()), StandardCharsets.UTF_8);
            }
        }
        respondHtml(exchange, 200, """
                <form method="post" action="%s/device">
                  <input name="user_code" value="%s"><input name="username"><input name="roles">
                  <button name="decision" value="approve">Approve</button>
                  <button name="decision" value="deny">Deny</button>
                </form>""".formatted(REALM_PATH, userCode.replaceAll("[^A-Za-z0-9-]", "")));
    }

    private String userTokens(Grantee grantee) {
        String refresh = UUID.randomUUID().toString();
        refreshTokens.put(refresh, grantee);
        return "{\"access_token\":\"" + TestTokens.forUser(grantee.user(), grantee.roles().toArray(String[]::new))
                + "\",\"token_type\":\"Bearer\",\"expires_in\":" + accessTokenSeconds
                + ",\"refresh_token\":\"" + refresh + "\",\"refresh_expires_in\":1800}";
    }

    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts.length == 2) {
                form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void respondHtml(HttpExchange exchange, int status, String html) throws IOException {
        byte[] bytes = ("<!doctype html><html><body>" + html + "</body></html>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
