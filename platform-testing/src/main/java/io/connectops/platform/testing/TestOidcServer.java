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
import java.util.Map;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small OpenID Connect provider for tests: discovery, a JWKS with a fresh RSA key, and a token endpoint for the
 * client-credentials grant. Tokens are really signed, and services verify them exactly as they verify Keycloak's
 * or Entra ID's. It listens on a free port, so parallel test runs never collide.
 */
public final class TestOidcServer {

    public static final String REALM_PATH = "/realms/connectops";
    private static final String KEY_ID = "connectops-test-key";
    private static TestOidcServer instance;

    private final HttpServer server;
    private final KeyPair keys;

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
                 "id_token_signing_alg_values_supported":["RS256"],
                 "grant_types_supported":["client_credentials"]}""".formatted(issuer));
    }

    private void jwks(HttpExchange exchange) throws IOException {
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        respond(exchange, 200, """
                {"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"%s","n":"%s","e":"%s"}]}"""
                .formatted(KEY_ID, base64Url(key.getModulus()), base64Url(key.getPublicExponent())));
    }

    /** Client credentials: the client id names the role, e.g. client {@code ingest} gets role {@code ingest}. */
    private void token(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            if (parts.length == 2) {
                form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
        }
        String clientId = form.get("client_id");
        if (!"client_credentials".equals(form.get("grant_type")) || clientId == null) {
            respond(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
            return;
        }
        String token = TestTokens.forClient(clientId, clientId);
        respond(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":300}");
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
