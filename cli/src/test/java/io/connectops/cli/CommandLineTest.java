package io.connectops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.connectops.cli.config.ConfigDirectory;
import io.connectops.platform.testing.TestOidcServer;

class CommandLineTest {

    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return ConnectOpsCli.run(new ConfigDirectory(home), new PrintWriter(out, true), new PrintWriter(err, true),
                args);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] command : new String[][] {{"incidents", "watch"}, {"silences", "add"}, {"rules", "apply"},
            {"routes", "diff"}, {"dlq", "redrive"}, {"staffing", "erlang-c"}, {"login"}}) {
            out.getBuffer().setLength(0);
            String[] withHelp = Arrays.copyOf(command, command.length + 1);
            withHelp[command.length] = "--help";
            assertThat(run(withHelp)).isZero();
            assertThat(out.toString()).startsWith("Usage: connectops " + String.join(" ", command));
        }
    }

    @Test
    void withoutASignInTheCommandSaysHowToSignInAndExitsThree() {
        assertThat(run("incidents", "ls")).isEqualTo(ExitCodes.NOT_AUTHORIZED);
        assertThat(err.toString()).contains("run `connectops login`");
    }

    @Test
    void aServiceThatDoesNotAnswerExitsSevenNamingTheAddress() throws Exception {
        int port = closedPort();
        int code = run("--server", "http://127.0.0.1:" + port, "--issuer", TestOidcServer.get().issuer(),
                "--client-id", "viewer", "--client-secret", "x", "incidents", "ls");

        assertThat(code).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(err.toString()).contains("GET http://127.0.0.1:" + port + "/api/v1/incidents", "no answer");
    }

    @Test
    void aBadDurationOrAnUnknownOutputIsAUsageError() {
        assertThat(run("silences", "add", "-m", "queue_id=q1", "--for", "two hours", "-c", "x")).isEqualTo(
                ExitCodes.USAGE);
        assertThat(err.toString()).contains("--for takes a positive duration");
        assertThat(run("-o", "xml", "incidents", "ls")).isEqualTo(ExitCodes.USAGE);
    }
}
