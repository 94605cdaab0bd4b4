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
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small OpenID Connect provider for tests: discovery, a JWKS with a fresh RSA key, and a token endpoint for the
 * client-credentials grant, the device-authorization grant (RFC 8628, the person's confirmation played by
 * {@link #approveDevice}) and refresh tokens. Tokens are really signed, and services verify them exactly as they
 * verify Keycloak's or Entra ID's. It listens on a free port, so parallel test runs never collide.
 */
public final class TestOidcServer {

    public static final String REALM_PATH = "/realms/connectops";
    private static final String KEY_ID = "connectops-test-key";
    private static TestOidcServer instance;

    private final HttpServer server;
    private final KeyPair keys;
    /** Device codes waiting for a person, by device code; the user and roles once approved. */
    private final Map<String, DeviceRequest> devices = new ConcurrentHashMap<>();
    /** Refresh tokens handed out, each good for one refresh (rotated, as Keycloak does by default). */
    private final Map<String, Grantee> refreshTokens = new ConcurrentHashMap<>();
    private volatile int accessTokenSeconds = 300;

    private record Grantee(String user, List<String> roles) {
    }

    private record DeviceRequest(String userCode, Grantee approvedFor) {
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
        devices.replaceAll((deviceCode, request) -> request.userCode().equals(userCode)
                ? new DeviceRequest(userCode, new Grantee(user, List.of(roles))) : request);
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
                DeviceRequest request = devices.get(form.getOrDefault("device_code", ""));
                if (request == null) {
                    respond(exchange, 400, "{\"error\":\"expired_token\"}");
                } else if (request.approvedFor() == null) {
                    respond(exchange, 400, "{\"error\":\"authorization_pending\"}");
                } else {
                    devices.remove(form.get("device_code"));
                    respond(exchange, 200, userTokens(request.approvedFor()));
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
        devices.put(deviceCode, new DeviceRequest(userCode, null));
        String verification = issuer() + "/device";
        respond(exchange, 200, """
                {"device_code":"%s","user_code":"%s","verification_uri":"%s",
                 "verification_uri_complete":"%s?user_code=%s","expires_in":600,"interval":1}"""
                .formatted(deviceCode, userCode, verification, verification, userCode));
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
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
