package io.connectops.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.connectops.cli.config.ConfigDirectory;
import io.connectops.cli.config.Profile;
import io.connectops.platform.testing.TestOidcServer;

class SignInTest {

    private static final TestOidcServer OIDC = TestOidcServer.get();

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void normalLifetime() {
        OIDC.announceAccessTokenLifetime(300);
    }

    private SignIn signIn() {
        return new SignIn(http, new ConfigDirectory(home), Clock.systemUTC(), Duration.ofMillis(50));
    }

    private static Profile profile(String clientId, String secret) {
        return new Profile("http://127.0.0.1", Map.of(), OIDC.issuer(), clientId, secret);
    }

    @Test
    void aPersonSignsInWithTheDeviceFlowAndTheTokenIsCachedReadableByTheOwnerOnly() throws Exception {
        StringWriter printed = new StringWriter();
        CompletableFuture<Tokens> signedIn = CompletableFuture.supplyAsync(() -> signIn().device("lab",
                profile("connectops-cli", null), new PrintWriter(printed, true), Duration.ofMinutes(1)));

        Pattern code = Pattern.compile("confirm the code (\\S+)");
        String userCode = await().atMost(Duration.ofSeconds(20)).until(() -> {
            Matcher matcher = code.matcher(printed.toString());
            return matcher.find() ? matcher.group(1) : null;
        }, found -> found != null);
        assertThat(printed.toString()).contains(OIDC.issuer() + "/device?user_code=" + userCode);
        assertThat(signedIn).isNotDone();

        OIDC.approveDevice(userCode, "ines", "incident-manager");
        Tokens tokens = signedIn.get();

        assertThat(tokens.grant()).isEqualTo(SignIn.DEVICE);
        assertThat(tokens.refreshToken()).isNotBlank();
        Path cached = new ConfigDirectory(home).tokenFile("lab");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cached))).isEqualTo("rw-------");
        assertThat(signIn().accessToken("lab", profile("connectops-cli", null))).isEqualTo(tokens.accessToken());
    }

    @Test
    void anExpiredAccessTokenIsRenewedWithTheRefreshTokenWithoutThePerson() throws Exception {
        OIDC.announceAccessTokenLifetime(5);
        StringWriter printed = new StringWriter();
        CompletableFuture<Tokens> signedIn = CompletableFuture.supplyAsync(() -> signIn().device("lab",
                profile("connectops-cli", null), new PrintWriter(printed, true), Duration.ofMinutes(1)));
        Pattern code = Pattern.compile("confirm the code (\\S+)");
        String userCode = await().atMost(Duration.ofSeconds(20)).until(() -> {
            Matcher matcher = code.matcher(printed.toString());
            return matcher.find() ? matcher.group(1) : null;
        }, found -> found != null);
        OIDC.approveDevice(userCode, "ines", "incident-manager");
        Tokens first = signedIn.get();

        // Five seconds is inside the 30 s safety margin: the next command refreshes at once.
        String renewed = signIn().accessToken("lab", profile("connectops-cli", null));

        assertThat(renewed).isNotEqualTo(first.accessToken());
        Tokens cached = signIn().read("lab");
        assertThat(cached.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThat(cached.accessToken()).isEqualTo(renewed);
    }

    @Test
    void aMachineSignsInWithClientCredentialsAndWithoutASecretIsToldHowToSignIn() {
        Tokens tokens = signIn().clientCredentials("robot", profile("admin", "s3cret"));
        assertThat(tokens.grant()).isEqualTo(SignIn.CLIENT_CREDENTIALS);
        assertThat(tokens.accessToken()).isNotBlank();

        assertThatThrownBy(() -> signIn().accessToken("nobody", profile("connectops-cli", null)))
                .isInstanceOf(NotSignedIn.class).hasMessageContaining("connectops login");
    }
}
