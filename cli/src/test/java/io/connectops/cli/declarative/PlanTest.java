package io.connectops.cli.declarative;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.connectops.cli.client.ApiClient;

class PlanTest {

    private static final List<String> FIELDS = List.of("name", "metric", "threshold", "labels", "forDuration");

    private static ObjectNode object(String json) {
        try {
            return (ObjectNode) ApiClient.json().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRuleMissingOnTheServerIsCreatedAndOneThatMatchesIsLeftAlone() {
        List<JsonNode> current = List.of(object("""
                {"id":"r1","name":"Abandonment high","metric":"abandonment_rate","threshold":5.0,"labels":{},
                 "forDuration":"PT10M","createdAt":"2026-12-01T00:00:00Z"}"""));
        Plan plan = Plan.between(List.of(
                object("{\"name\":\"Abandonment high\",\"metric\":\"abandonment_rate\",\"threshold\":5,"
                        + "\"forDuration\":\"PT10M\"}"),
                object("{\"name\":\"Queue full\",\"metric\":\"contacts_in_queue\",\"threshold\":40}")),
                current, FIELDS, false);

        assertThat(plan.changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(Plan.Action.CREATE);
            assertThat(change.name()).isEqualTo("Queue full");
        });
        assertThat(plan.unchanged()).isEqualTo(1);
        assertThat(plan.describe()).containsExactly("+ create Queue full",
                "1 to create, 0 to update, 0 to delete, 1 unchanged");
    }

    @Test
    void aChangedFieldIsAnUpdateNamingTheFieldAndTheServersId() {
        List<JsonNode> current = List.of(object(
                "{\"id\":\"r1\",\"name\":\"A\",\"metric\":\"m\",\"threshold\":5,\"labels\":{\"team\":\"x\"}}"));
        Plan plan = Plan.between(List.of(object(
                "{\"name\":\"A\",\"metric\":\"m\",\"threshold\":7,\"labels\":{\"team\":\"x\"}}")), current, FIELDS,
                false);

        assertThat(plan.changes()).singleElement().satisfies(change -> {
            assertThat(change.action()).isEqualTo(Plan.Action.UPDATE);
            assertThat(change.id()).isEqualTo("r1");
            assertThat(change.fields()).containsExactly("threshold");
        });
    }

    @Test
    void aFieldLeftOutOfTheFileKeepsTheServersDefaultAndAFieldSetToNullIsCleared() {
        List<JsonNode> current = List.of(object(
                "{\"id\":\"r1\",\"name\":\"A\",\"metric\":\"m\",\"forDuration\":\"PT5M\"}"));

        assertThat(Plan.between(List.of(object("{\"name\":\"A\",\"metric\":\"m\"}")), current, FIELDS, false)
                .isEmpty()).isTrue();
        Plan cleared = Plan.between(List.of(object("{\"name\":\"A\",\"metric\":\"m\",\"forDuration\":null}")),
                current, FIELDS, false);
        assertThat(cleared.changes()).singleElement().satisfies(change ->
                assertThat(change.fields()).containsExactly("forDuration"));
    }

    @Test
    void objectsTheFileDoesNotNameAreDeletedOnlyWithPrune() {
        List<JsonNode> current = List.of(object("{\"id\":\"r9\",\"name\":\"Old\",\"metric\":\"m\"}"));

        assertThat(Plan.between(List.of(), current, FIELDS, false).isEmpty()).isTrue();
        assertThat(Plan.between(List.of(), current, FIELDS, true).describe())
                .containsExactly("- delete Old", "0 to create, 0 to update, 1 to delete, 0 unchanged");
    }

    @Test
    void anUnknownFieldADuplicateNameOrAMissingNameIsRefusedBeforeAnythingChanges() {
        assertThatThrownBy(() -> Plan.between(List.of(object("{\"name\":\"A\",\"treshold\":5}")), List.of(), FIELDS,
                false)).hasMessageContaining("unknown field 'treshold'");
        assertThatThrownBy(() -> Plan.between(List.of(object("{\"name\":\"A\"}"), object("{\"name\":\"A\"}")),
                List.of(), FIELDS, false)).hasMessageContaining("names 'A' twice");
        assertThatThrownBy(() -> Plan.between(List.of(object("{\"metric\":\"m\"}")), List.of(), FIELDS, false))
                .hasMessageContaining("needs a name");
    }

    @Test
    void anExportKeepsTheDraftFieldsWithValuesAndAppliesToNothing() {
        JsonNode server = object("""
                {"id":"r1","name":"A","metric":"m","threshold":5,"labels":{},"forDuration":null,"version":3}""");
        ObjectNode exported = Plan.exported(server, FIELDS);

        assertThat(exported.toString()).isEqualTo("{\"name\":\"A\",\"metric\":\"m\",\"threshold\":5}");
        assertThat(Plan.between(List.of(exported), List.of(server), FIELDS, true).isEmpty()).isTrue();
    }
}
