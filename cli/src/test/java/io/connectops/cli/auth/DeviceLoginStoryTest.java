package io.connectops.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.connectops.cli.ConnectOpsCli;
import io.connectops.cli.ExitCodes;
import io.connectops.cli.FakeApi;
import io.connectops.cli.client.ApiClient;
import io.connectops.cli.config.ConfigDirectory;
import io.connectops.platform.testing.TestOidcServer;

/**
 * A person signs in to a profile with {@code connectops login} through the device-authorization grant (RFC 8628) and
 * works: the tool prints where to go, the person approves or denies on the provider's page (played over HTTP, as a
 * browser posts the form), the tool polls as the provider asks, caches the tokens for the owner only and renews them
 * with the refresh token. Keycloak itself needs minutes to start on the build machines, so the provider is the test
 * OIDC server, which answers the grant's errors as the RFC says.
 */
class DeviceLoginStoryTest {

    private static final TestOidcServer OIDC = TestOidcServer.get();
    private static final Pattern PROMPT = Pattern.compile("open (\\S+) and confirm the code (\\S+)");
    private static final String INCIDENT = "3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c";

    @TempDir
    Path home;

    private final HttpClient browser = HttpClient.newHttpClient();
    private FakeApi api;

    private record Run(StringWriter out, StringWriter err, CompletableFuture<Integer> code) {
    }

    private record Prompt(String url, String userCode) {
    }

    @BeforeEach
    void profile() throws Exception {
        api = new FakeApi();
        Run saved = start("profile", "set", "lab", "--server", api.url(), "--issuer", OIDC.issuer(), "--client-id",
                "connectops-cli");
        assertThat(saved.code().get(30, TimeUnit.SECONDS)).isZero();
    }

    @AfterEach
    void restore() {
        api.close();
        OIDC.announceAccessTokenLifetime(300);
        OIDC.announceDeviceCodeLifetime(600);
    }

    private Run start(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> ConnectOpsCli.run(
                new ConfigDirectory(home), new PrintWriter(out, true), new PrintWriter(err, true), args));
        return new Run(out, err, code);
    }

    private int finished(Run run) throws Exception {
        return run.code().get(60, TimeUnit.SECONDS);
    }

    private static Prompt promptOf(Run login) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            Matcher matcher = PROMPT.matcher(login.out().toString());
            return matcher.find() ? new Prompt(matcher.group(1), matcher.group(2)) : null;
        }, found -> found != null);
    }

    /** The person opens the printed address and presses Approve (as {@code user} with {@code roles}) or Deny. */
    private HttpResponse<String> decide(Prompt prompt, String decision, String user, String roles) throws Exception {
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(prompt.url())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("value=\"" + prompt.userCode() + "\"");
        String form = "user_code=" + encode(prompt.userCode()) + "&username=" + encode(user) + "&roles="
                + encode(roles) + "&decision=" + decision;
        return browser.send(HttpRequest.newBuilder(URI.create(OIDC.issuer() + "/device"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Path tokenFile() {
        return new ConfigDirectory(home).tokenFile("lab");
    }

    private JsonNode cachedTokens() throws Exception {
        return ApiClient.json().readTree(tokenFile().toFile());
    }

    private static JsonNode claims(String accessToken) throws Exception {
        return ApiClient.json().readTree(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void aPersonSignsInOnTheProvidersPageAndTheirCommandsCarryTheirRenewedToken() throws Exception {
        // Tokens that live five seconds fall inside the tool's 30 s margin: every command after the login renews.
        OIDC.announceAccessTokenLifetime(5);
        api.answer("GET /api/v1/incidents", 200, "application/json", """
                {"items":[{"id":"%s","reference":"INC-0042","title":"Queue sales abandons","status":"TRIAGE",
                  "severity":"P2"}],"page":0,"size":50,"total":1}""".formatted(INCIDENT));
        api.answer("POST /api/v1/incidents/" + INCIDENT + "/acknowledge", 200, "application/json", """
                {"id":"%s","reference":"INC-0042","status":"TRIAGE","acknowledgedBy":"ines"}""".formatted(INCIDENT));

        Run login = start("--profile", "lab", "login");
        Prompt prompt = promptOf(login);
        assertThat(prompt.url()).isEqualTo(OIDC.issuer() + "/device?user_code=" + prompt.userCode());
        assertThat(login.code()).isNotDone();
        assertThat(decide(prompt, "approve", "ines", "incident-manager").body()).contains("Device signed in");

        assertThat(finished(login)).isEqualTo(ExitCodes.OK);
        assertThat(login.out().toString()).contains("Signed in to lab (device)");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile()))).isEqualTo("rw-------");
        JsonNode signedIn = cachedTokens();
        assertThat(signedIn.path("grant").asText()).isEqualTo(SignIn.DEVICE);
        assertThat(claims(signedIn.path("accessToken").asText()).path("preferred_username").asText())
                .isEqualTo("ines");

        Run list = start("--profile", "lab", "incidents", "ls");
        assertThat(finished(list)).isEqualTo(ExitCodes.OK);
        assertThat(list.out().toString()).contains("INC-0042", "Queue sales abandons");

        JsonNode renewed = cachedTokens();
        assertThat(renewed.path("accessToken").asText()).isNotEqualTo(signedIn.path("accessToken").asText());
        assertThat(renewed.path("refreshToken").asText()).isNotEqualTo(signedIn.path("refreshToken").asText());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile()))).isEqualTo("rw-------");
        assertThat(claims(renewed.path("accessToken").asText()).path("preferred_username").asText())
                .isEqualTo("ines");
        List<FakeApi.Request> sent = api.requests();
        assertThat(sent.get(sent.size() - 1).authorization()).isEqualTo("Bearer " + renewed.path("accessToken").asText());

        Run ack = start("--profile", "lab", "incidents", "ack", INCIDENT);
        assertThat(finished(ack)).as(ack.err().toString()).isEqualTo(ExitCodes.OK);
        FakeApi.Request acknowledged = api.requests().get(api.requests().size() - 1);
        assertThat(acknowledged.method() + " " + acknowledged.path())
                .isEqualTo("POST /api/v1/incidents/" + INCIDENT + "/acknowledge");
        assertThat(acknowledged.authorization()).isEqualTo("Bearer " + cachedTokens().path("accessToken").asText());
        assertThat(claims(cachedTokens().path("accessToken").asText()).path("realm_access").path("roles")
                .get(0).asText()).isEqualTo("incident-manager");
    }

    @Test
    void aDeniedCodeEndsTheLoginWithAClearErrorExitThreeAndNoToken() throws Exception {
        Run login = start("--profile", "lab", "login");
        Prompt prompt = promptOf(login);

        assertThat(decide(prompt, "deny", "", "").body()).contains("Sign-in denied");

        assertThat(finished(login)).isEqualTo(ExitCodes.NOT_AUTHORIZED);
        assertThat(login.err().toString().strip()).isEqualTo("error: sign-in denied at " + prompt.url()
                + ": the code was declined; run `connectops login` again to sign in");
        assertThat(tokenFile()).doesNotExist();

        Run list = start("--profile", "lab", "incidents", "ls");
        assertThat(finished(list)).isEqualTo(ExitCodes.NOT_AUTHORIZED);
        assertThat(list.err().toString()).contains("not signed in to profile 'lab'");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void aCodeNobodyConfirmsExpiresWithAClearErrorAndExitThree() throws Exception {
        OIDC.announceDeviceCodeLifetime(2);
        Run login = start("--profile", "lab", "login");
        Prompt prompt = promptOf(login);

        assertThat(finished(login)).isEqualTo(ExitCodes.NOT_AUTHORIZED);
        assertThat(login.err().toString().strip()).isEqualTo("error: the code " + prompt.userCode()
                + " expired before it was confirmed; run `connectops login` again");
        assertThat(tokenFile()).doesNotExist();
        // The page no longer accepts it either.
        assertThat(decide(prompt, "approve", "ines", "viewer").statusCode()).isEqualTo(400);
    }

    @Test
    void whenTheProviderAsksToSlowDownTheToolWaitsFiveSecondsMoreAndNeverPollsTooSoon() throws Exception {
        int tooSoonBefore = OIDC.devicePollsTooSoon();
        Run login = start("--profile", "lab", "login");
        Prompt prompt = promptOf(login);

        OIDC.slowDownDevice(prompt.userCode());
        long slowedAt = System.nanoTime();
        assertThat(decide(prompt, "approve", "ines", "viewer").statusCode()).isEqualTo(200);

        assertThat(finished(login)).as(login.err().toString()).isEqualTo(ExitCodes.OK);
        // The poll after the approval is told slow_down; the one that gets the token comes six seconds after it.
        assertThat(Duration.ofNanos(System.nanoTime() - slowedAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
        assertThat(OIDC.devicePollsTooSoon()).isEqualTo(tooSoonBefore);
        assertThat(cachedTokens().path("grant").asText()).isEqualTo(SignIn.DEVICE);
    }
}
