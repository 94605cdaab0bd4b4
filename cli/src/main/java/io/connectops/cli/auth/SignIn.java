package io.connectops.cli.auth;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.connectops.cli.client.CappedBody;
import io.connectops.cli.config.ConfigDirectory;
import io.connectops.cli.config.Profile;

/**
 * OIDC sign-in: the device-authorization grant (RFC 8628) for people, who confirm in a browser, and client
 * credentials for machines. Tokens are cached per profile (mode 600) and renewed with the refresh token, so that a
 * person signs in once a day rather than once a command.
 */
public class SignIn {

    public static final String DEVICE = "device";
    public static final String CLIENT_CREDENTIALS = "client_credentials";

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final HttpClient http;
    private final ConfigDirectory config;
    private final Clock clock;
    /** How often to ask the token endpoint while a person confirms; the server may ask for less ({@code slow_down}). */
    private final Duration minimumPollInterval;

    public SignIn(HttpClient http, ConfigDirectory config, Clock clock, Duration minimumPollInterval) {
        this.http = http;
        this.config = config;
        this.clock = clock;
        this.minimumPollInterval = minimumPollInterval;
    }

    /** A token for the next request: cached, refreshed, or obtained anew with the client secret. */
    public String accessToken(String profileName, Profile profile) {
        Instant now = clock.instant();
        Tokens cached = read(profileName);
        if (cached != null && cached.accessValidAt(now)) {
            return cached.accessToken();
        }
        if (cached != null && cached.refreshValidAt(now)) {
            try {
                return save(profileName, token(profile, Map.of("grant_type", "refresh_token",
                        "refresh_token", cached.refreshToken()), cached.grant())).accessToken();
            } catch (NotSignedIn expiredSession) {
                // The server ended the session (logout, restart): fall through to a new sign-in if we can.
            }
        }
        if (profile.clientSecret() != null) {
            return clientCredentials(profileName, profile).accessToken();
        }
        throw new NotSignedIn("not signed in to profile '" + profileName + "': run `connectops login`"
                + " (or `connectops login --client-secret …` for a machine client)");
    }

    public Tokens clientCredentials(String profileName, Profile profile) {
        if (profile.clientSecret() == null) {
            throw new NotSignedIn("client credentials need a secret: --client-secret or CONNECTOPS_CLIENT_SECRET");
        }
        return save(profileName, token(profile, Map.of("grant_type", "client_credentials"), CLIENT_CREDENTIALS));
    }

    /** The device grant: prints where to confirm, then waits (polling politely) until the person has. */
    public Tokens device(String profileName, Profile profile, PrintWriter out, Duration giveUpAfter) {
        JsonNode discovery = discovery(profile);
        String endpoint = discovery.path("device_authorization_endpoint").asText(null);
        if (endpoint == null) {
            throw new NotSignedIn("the issuer " + profile.issuerOrDefault() + " offers no device authorization");
        }
        JsonNode device = post(endpoint, Map.of("client_id", profile.clientIdOrDefault(), "scope", "openid"));
        if (device.has("error")) {
            throw new NotSignedIn("device sign-in refused: " + describe(device)
                    + " (the client must allow the OAuth 2.0 device authorization grant)");
        }
        String complete = device.path("verification_uri_complete").asText(null);
        String where = complete != null ? complete : device.path("verification_uri").asText();
        out.println("To sign in, open " + where + " and confirm the code " + device.path("user_code").asText());
        out.flush();
        Duration interval = Duration.ofSeconds(Math.max(1, device.path("interval").asLong(5)));
        if (interval.compareTo(minimumPollInterval) < 0) {
            interval = minimumPollInterval;
        }
        // The issuer ends a code that outlived its expires_in with expired_token; --timeout ends the wait before that.
        Instant started = clock.instant();
        Instant deadline = started.plus(giveUpAfter);
        String tokenEndpoint = discovery.path("token_endpoint").asText();
        while (clock.instant().isBefore(deadline)) {
            pause(interval);
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "urn:ietf:params:oauth:grant-type:device_code");
            form.put("device_code", device.path("device_code").asText());
            form.put("client_id", profile.clientIdOrDefault());
            JsonNode answer = post(tokenEndpoint, form);
            String error = answer.path("error").asText("");
            switch (error) {
                case "" -> {
                    return save(profileName, toTokens(answer, DEVICE));
                }
                case "authorization_pending" -> {
                }
                case "slow_down" -> interval = interval.plusSeconds(5);
                case "access_denied" -> throw new NotSignedIn("sign-in denied at " + where
                        + ": the code was declined; run `connectops login` again to sign in");
                case "expired_token" -> throw new NotSignedIn("the code " + device.path("user_code").asText()
                        + " expired before it was confirmed; run `connectops login` again");
                default -> throw new NotSignedIn("sign-in ended: " + describe(answer));
            }
        }
        throw new NotSignedIn("the code " + device.path("user_code").asText() + " was not confirmed within "
                + Duration.between(started, clock.instant()).toSeconds() + " s; run `connectops login` again");
    }

    public void forget(String profileName) {
        try {
            Files.deleteIfExists(config.tokenFile(profileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Tokens read(String profileName) {
        Path file = config.tokenFile(profileName);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), Tokens.class);
        } catch (IOException unreadable) {
            return null;
        }
    }

    private Tokens token(Profile profile, Map<String, String> grant, String kind) {
        Map<String, String> form = new LinkedHashMap<>(grant);
        form.put("client_id", profile.clientIdOrDefault());
        if (profile.clientSecret() != null) {
            form.put("client_secret", profile.clientSecret());
        }
        JsonNode answer = post(discovery(profile).path("token_endpoint").asText(), form);
        if (answer.has("error") || !answer.has("access_token")) {
            throw new NotSignedIn("the issuer refused: " + describe(answer));
        }
        return toTokens(answer, kind);
    }

    private Tokens toTokens(JsonNode answer, String kind) {
        Instant now = clock.instant();
        long refreshExpires = answer.path("refresh_expires_in").asLong(0);
        return new Tokens(answer.path("access_token").asText(),
                now.plusSeconds(answer.path("expires_in").asLong(60)),
                answer.path("refresh_token").asText(null),
                refreshExpires > 0 ? now.plusSeconds(refreshExpires) : null, kind);
    }

    private Tokens save(String profileName, Tokens tokens) {
        try {
            ConfigDirectory.writePrivately(config.tokenFile(profileName), JSON.writeValueAsString(tokens));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cache the token: " + e.getMessage(), e);
        }
        return tokens;
    }

    private JsonNode discovery(Profile profile) {
        String url = profile.issuerOrDefault() + "/.well-known/openid-configuration";
        try {
            HttpResponse<String> response = CappedBody.send(http, HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).GET().build(), CappedBody.OIDC_MAX_BYTES);
            if (response.statusCode() != 200) {
                throw new NotSignedIn("the issuer " + profile.issuerOrDefault() + " answered "
                        + response.statusCode() + " for its OpenID configuration");
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new NotSignedIn("the issuer " + profile.issuerOrDefault() + " does not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotSignedIn("interrupted");
        }
    }

    private JsonNode post(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = CappedBody.send(http, HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), CappedBody.OIDC_MAX_BYTES);
            return response.body().isBlank() ? JSON.createObjectNode().put("error", "HTTP " + response.statusCode())
                    : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new NotSignedIn("the issuer does not answer at " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotSignedIn("interrupted");
        }
    }

    private static String describe(JsonNode error) {
        String description = error.path("error_description").asText("");
        return error.path("error").asText("unknown") + (description.isEmpty() ? "" : " (" + description + ")");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void pause(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotSignedIn("interrupted");
        }
    }
}
