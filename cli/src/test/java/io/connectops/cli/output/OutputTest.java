package io.connectops.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.connectops.cli.client.ApiClient;
import io.connectops.cli.output.Output.Column;

class OutputTest {

    private static JsonNode json(String text) throws Exception {
        return ApiClient.json().readTree(text);
    }

    @Test
    void aTableAlignsColumnsAndFlattensNestedValues() throws Exception {
        StringWriter printed = new StringWriter();
        new Output(new PrintWriter(printed), Output.Format.TABLE).table(List.of(
                json("{\"reference\":\"INC-000001\",\"status\":\"TRIAGE\",\"labels\":{\"queue\":\"q1\"}}"),
                json("{\"reference\":\"INC-000012\",\"status\":\"RESOLVED\",\"labels\":{}}")),
                Column.of("REFERENCE", "reference"), Column.of("STATUS", "status"), Column.of("QUEUE", "labels.queue"));

        assertThat(printed.toString().lines()).containsExactly(
                "REFERENCE   STATUS    QUEUE",
                "INC-000001  TRIAGE    q1",
                "INC-000012  RESOLVED");
    }

    @Test
    void jsonOutputIsWhatTheServerSentForScripts() throws Exception {
        StringWriter printed = new StringWriter();
        new Output(new PrintWriter(printed), Output.Format.JSON).table(List.of(json("{\"id\":1,\"extra\":true}")),
                Column.of("ID", "id"));

        assertThat(ApiClient.json().readTree(printed.toString())).isEqualTo(json("[{\"id\":1,\"extra\":true}]"));
    }
}
