package io.connectops.platform.testing.console;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.smallrye.jwt.build.Jwt;

/**
 * An OpenID Connect provider with a login page, for the tests of the pages people sign in to (incidents' console,
 * scheduling's supervisor page): the authorization-code flow with PKCE as Keycloak runs it (login form, code, code
 * exchange with the client secret, signed ID and access tokens, end-session), for the realm's console client. Each
 * module names the people its tests sign in as with {@link #person}; anyone else, or a wrong password, gets the form
 * again. {@link io.connectops.platform.testing.TestOidcServer} only issues tokens to machines, which cannot sign a
 * person in through a browser. A module points its console tenant here by registering {@link
 * ConsoleLoginConfigSource} in its test resources.
 */
public final class ConsoleLoginProvider {

    public static final String CLIENT_ID = "connectops-console";
    public static final String CLIENT_SECRET = "console-test-secret-that-is-long-enough-to-encrypt";
    public static final String PATH = "/realms/connectops";
    private static final String KEY_ID = "console-login-key";

    /** A person who can sign in. */
    public record Person(String username, String password, List<String> roles) {
    }

    /** The people who can sign in, by username: those the module's tests named through {@link #person}. */
    private static final Map<String, Person> PEOPLE = new ConcurrentHashMap<>();

    private record Grant(Person person, String redirectUri, String nonce, String codeChallenge) {
    }

    private static ConsoleLoginProvider instance;

    private final HttpServer server;
    private final KeyPair keys;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();

    private ConsoleLoginProvider() throws IOException, NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "console-login");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext(PATH + "/.well-known/openid-configuration", this::discovery);
        server.createContext(PATH + "/protocol/openid-connect/certs", this::jwks);
        server.createContext(PATH + "/protocol/openid-connect/auth", this::login);
        server.createContext(PATH + "/protocol/openid-connect/token", this::token);
        server.createContext(PATH + "/protocol/openid-connect/logout", this::logout);
        server.start();
    }

    /**
     * A person who can sign in from this call on with {@code password}, and whose tokens carry {@code roles} (as
     * groups and as Keycloak's realm roles). Tests keep the result in a constant and sign in with it.
     */
    public static Person person(String username, String password, String... roles) {
        Person person = new Person(username, password, List.of(roles));
        PEOPLE.put(username, person);
        return person;
    }

    /** The one provider of this JVM, started on first use. */
    public static synchronized ConsoleLoginProvider get() {
        if (instance == null) {
            try {
                instance = new ConsoleLoginProvider();
            } catch (IOException | NoSuchAlgorithmException e) {
                throw new IllegalStateException("Cannot start the console login provider", e);
            }
        }
        return instance;
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    private void discovery(HttpExchange exchange) throws IOException {
        respond(exchange, 200, "application/json", """
                {"issuer":"%1$s","jwks_uri":"%1$s/protocol/openid-connect/certs",
                 "authorization_endpoint":"%1$s/protocol/openid-connect/auth",
                 "token_endpoint":"%1$s/protocol/openid-connect/token",
                 "end_session_endpoint":"%1$s/protocol/openid-connect/logout",
                 "response_types_supported":["code"],"code_challenge_methods_supported":["S256"],
                 "id_token_signing_alg_values_supported":["RS256"],
                 "grant_types_supported":["authorization_code"]}""".formatted(issuer()));
    }

    private void jwks(HttpExchange exchange) throws IOException {
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        respond(exchange, 200, "application/json", """
                {"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"%s","n":"%s","e":"%s"}]}"""
                .formatted(KEY_ID, base64Url(key.getModulus()), base64Url(key.getPublicExponent())));
    }

    /** GET shows the login form for the authorization request; POST checks the password and redirects with a code. */
    private void login(HttpExchange exchange) throws IOException {
        Map<String, String> request = "POST".equals(exchange.getRequestMethod())
                ? form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                : form(exchange.getRequestURI().getRawQuery());
        if (!CLIENT_ID.equals(request.get("client_id")) || !"code".equals(request.get("response_type"))
                || request.get("redirect_uri") == null) {
            respond(exchange, 400, "text/plain", "invalid authorization request");
            return;
        }
        String failure = null;
        if ("POST".equals(exchange.getRequestMethod())) {
            Person person = PEOPLE.get(request.getOrDefault("username", ""));
            if (person != null && person.password().equals(request.get("password"))) {
                String code = UUID.randomUUID().toString();
                codes.put(code, new Grant(person, request.get("redirect_uri"), request.get("nonce"),
                        request.get("code_challenge")));
                String back = request.get("redirect_uri");
                String redirect = back + (back.contains("?") ? "&" : "?") + "code=" + code
                        + (request.get("state") == null ? "" : "&state=" + encode(request.get("state")));
                exchange.getResponseHeaders().set("Location", redirect);
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
                return;
            }
            failure = "Invalid username or password.";
        }
        StringBuilder hidden = new StringBuilder();
        for (String name : List.of("client_id", "response_type", "redirect_uri", "state", "nonce", "scope",
                "code_challenge", "code_challenge_method")) {
            if (request.get(name) != null) {
                hidden.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"")
                        .append(escape(request.get(name))).append("\">");
            }
        }
        respond(exchange, failure == null ? 200 : 401, "text/html; charset=utf-8", """
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign in to connectops</title>
                <style>body{font:16px system-ui,sans-serif;max-width:24rem;margin:3rem auto;padding:0 1rem}
                input,button{display:block;width:100%%;margin:.4rem 0 1rem;padding:.5rem;font:inherit}</style></head>
                <body><h1>Sign in to connectops</h1>%s
                <form method="post" action="%s/protocol/openid-connect/auth">%s
                <label for="username">Username</label><input id="username" name="username" autocomplete="username">
                <label for="password">Password</label><input id="password" name="password" type="password">
                <button id="kc-login" type="submit">Sign in</button></form></body></html>"""
                .formatted(failure == null ? "" : "<p id=\"error\">" + failure + "</p>", issuer(), hidden));
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> request = form(new String(exchange.getRequestBody().readAllBytes(),
                StandardCharsets.UTF_8));
        String clientId = request.get("client_id");
        String secret = request.get("client_secret");
        String basic = exchange.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8)
                    .split(":", 2);
            clientId = URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
            secret = pair.length == 2 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : null;
        }
        if (!CLIENT_ID.equals(clientId) || !CLIENT_SECRET.equals(secret)) {
            respond(exchange, 401, "application/json", "{\"error\":\"invalid_client\"}");
            return;
        }
        Grant grant = "authorization_code".equals(request.get("grant_type")) ? codes.remove(request.get("code")) : null;
        if (grant == null || !grant.redirectUri().equals(request.get("redirect_uri"))
                || !pkceHolds(grant.codeChallenge(), request.get("code_verifier"))) {
            respond(exchange, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        Instant now = Instant.now();
        Person person = grant.person();
        var idClaims = Jwt.issuer(issuer()).audience(CLIENT_ID).subject("sub-" + person.username())
                .preferredUserName(person.username()).claim("name", person.username())
                .issuedAt(now).expiresAt(now.plusSeconds(3600));
        if (grant.nonce() != null) {
            idClaims = idClaims.claim("nonce", grant.nonce());
        }
        String idToken = idClaims.jws().keyId(KEY_ID).sign(keys.getPrivate());
        String accessToken = Jwt.issuer(issuer()).audience(Set.of(CLIENT_ID, "connectops-api"))
                .subject("sub-" + person.username()).preferredUserName(person.username())
                .claim("name", person.username()).groups(Set.copyOf(person.roles()))
                .claim("realm_access", Map.of("roles", person.roles()))
                .issuedAt(now).expiresAt(now.plusSeconds(3600)).jws().keyId(KEY_ID).sign(keys.getPrivate());
        respond(exchange, 200, "application/json", """
                {"access_token":"%s","id_token":"%s","token_type":"Bearer","expires_in":3600}"""
                .formatted(accessToken, idToken));
    }

    private void logout(HttpExchange exchange) throws IOException {
        String back = form(exchange.getRequestURI().getRawQuery()).get("post_logout_redirect_uri");
        if (back == null) {
            respond(exchange, 200, "text/html; charset=utf-8", "<p id=\"signed-out\">Signed out.</p>");
            return;
        }
        exchange.getResponseHeaders().set("Location", URI.create(back).toString());
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static boolean pkceHolds(String challenge, String verifier) {
        if (challenge == null) {
            return true;
        }
        if (verifier == null) {
            return false;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).equals(challenge);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        if (body == null || body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length == 2 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return form;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String escape(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
