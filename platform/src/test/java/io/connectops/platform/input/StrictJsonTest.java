package io.connectops.platform.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

class StrictJsonTest {

    enum Severity { P1, P2 }

    record Draft(String title, Severity severity, Integer count, Boolean urgent, Map<String, String> labels) {
    }

    private final ObjectMapper mapper = strict();

    private static ObjectMapper strict() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJson().customize(mapper);
        return mapper;
    }

    @Test
    void aWellTypedBodyIsRead() throws Exception {
        Draft draft = mapper.readValue("""
                {"title":"Queue\\tbacklog\\nline two","severity":"P1","count":3,"urgent":true,"labels":{"a":"b"}}""",
                Draft.class);
        assertThat(draft.title()).isEqualTo("Queue\tbacklog\nline two");
        assertThat(draft.severity()).isEqualTo(Severity.P1);
        assertThat(draft.count()).isEqualTo(3);
    }

    @Test
    void aBooleanOrANumberIsNotCoercedToAString() {
        assertThatThrownBy(() -> mapper.readValue("{\"title\":true}", Draft.class))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"title\":12345}", Draft.class))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void anEnumIsNotReadByItsIndex() {
        assertThatThrownBy(() -> mapper.readValue("{\"severity\":0}", Draft.class))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void numbersAndBooleansAreNotReadFromStringsOrFractions() {
        assertThatThrownBy(() -> mapper.readValue("{\"count\":\"3\"}", Draft.class))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"count\":3.5}", Draft.class))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"urgent\":\"true\"}", Draft.class))
                .isInstanceOf(JsonProcessingException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"urgent\":1}", Draft.class))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        assertThatThrownBy(() -> mapper.readValue("{\"title\":\"a\",\"title\":\"b\"}", Draft.class))
                .isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("Duplicate field 'title'");
    }

    @Test
    void aControlCharacterInAValueOrAKeyIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> mapper.readValue("{\"title\":\"nul\\u0000probe\"}", Draft.class))
                .isInstanceOf(StrictJson.ControlCharacterException.class)
                .hasMessageNotContaining("probe");
        assertThatThrownBy(() -> mapper.readValue("{\"labels\":{\"k\\u0001\":\"v\"}}", Draft.class))
                .isInstanceOf(StrictJson.ControlCharacterException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"labels\":{\"k\":\"v\\u001b[31m\"}}", Draft.class))
                .isInstanceOf(StrictJson.ControlCharacterException.class);
    }
}
