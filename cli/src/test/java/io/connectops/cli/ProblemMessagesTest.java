package io.connectops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.connectops.cli.config.ConfigDirectory;
import io.connectops.platform.testing.TestOidcServer;

/**
 * What a person reads when a service refuses: the problem's detail and fields for every 4xx and 5xx, and for a 403 the
 * roles the operation needs beside the roles the person's token has. The bodies are those the services answer
 * (platform's problem mappers).
 */
class ProblemMessagesTest {

    private static final String INCIDENT = "7d5c9a4e-2b1f-4c3d-9e8f-0a1b2c3d4e5f";

    @TempDir
    Path home;

    private final FakeApi api = new FakeApi();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    ProblemMessagesTest() throws Exception {
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** Signed in as the machine client {@code role}, whose token carries that one role. */
    private int runAs(String role, String... command) {
        String[] args = new String[command.length + 8];
        System.arraycopy(new String[] {"--server", api.url(), "--issuer", TestOidcServer.get().issuer(),
            "--client-id", role, "--client-secret", "s3cret"}, 0, args, 0, 8);
        System.arraycopy(command, 0, args, 8, command.length);
        return ConnectOpsCli.run(new ConfigDirectory(home), new PrintWriter(out, true), new PrintWriter(err, true),
                args);
    }

    @Test
    void aViewerAcknowledgingIsToldWhichRolesMayAndWhichRoleTheyHaveAndExitsThree() {
        api.answer("POST /api/v1/incidents/" + INCIDENT + "/acknowledge", 403, "application/problem+json", """
                {"type":"about:blank","title":"Forbidden","status":403,
                 "detail":"This operation needs role incident-manager or admin",
                 "instance":"/api/v1/incidents/%s/acknowledge","roles":["incident-manager","admin"]}"""
                .formatted(INCIDENT));

        int code = runAs("viewer", "incidents", "ack", INCIDENT);

        assertThat(code).isEqualTo(ExitCodes.NOT_AUTHORIZED);
        assertThat(err.toString().strip()).isEqualTo("error: POST /api/v1/incidents/" + INCIDENT + "/acknowledge → 403"
                + " Forbidden: needs role incident-manager or admin; you have viewer");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aForbiddenAnswerWithoutAProblemStillSaysWhichRoleTheCallerHas() {
        api.answer("GET /api/v1/incidents/" + INCIDENT, 403, "text/plain", "");

        int code = runAs("ingest", "incidents", "show", INCIDENT);

        assertThat(code).isEqualTo(ExitCodes.NOT_AUTHORIZED);
        assertThat(err.toString().strip())
                .isEqualTo("error: GET /api/v1/incidents/" + INCIDENT + " → 403 HTTP 403 (you have ingest)");
    }

    @Test
    void aRefusedInputPrintsTheDetailAndEveryFieldAndExitsFour() {
        api.answer("POST /api/v1/incidents/" + INCIDENT + "/assess", 400, "application/problem+json", """
                {"title":"Validation failed","status":400,"detail":"2 fields are invalid",
                 "errors":[{"field":"severity","message":"must be one of P1, P2, P3, P4"},
                           {"field":"summary","message":"must not be blank"}]}""");

        int code = runAs("incident-manager", "incidents", "assess", INCIDENT, "--severity", "P9", "--impact", "all",
                "--summary", " ", "--commander", "ines");

        assertThat(code).isEqualTo(ExitCodes.REFUSED);
        assertThat(err.toString().lines().toList()).containsExactly(
                "error: POST /api/v1/incidents/" + INCIDENT + "/assess → 400 Validation failed: 2 fields are invalid",
                "  severity: must be one of P1, P2, P3, P4",
                "  summary: must not be blank");
    }

    @Test
    void aServerFailurePrintsItsDetailAndExitsSeven() {
        api.answer("GET /api/v1/incidents/" + INCIDENT, 503, "application/problem+json", """
                {"title":"Service Unavailable","status":503,"detail":"The database is unavailable; retry later"}""");

        int code = runAs("viewer", "incidents", "show", INCIDENT);

        assertThat(code).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(err.toString().strip()).isEqualTo("error: GET /api/v1/incidents/" + INCIDENT
                + " → 503 Service Unavailable: The database is unavailable; retry later");
    }
}
