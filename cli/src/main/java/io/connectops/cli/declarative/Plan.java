package io.connectops.cli.declarative;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.connectops.cli.client.ApiClient;

/**
 * What {@code apply} would change to make the server hold the file's objects, matched by name (ids differ between
 * platforms): create the missing ones, replace those whose fields differ, and, only when asked ({@code --prune}),
 * delete those the file does not name. Objects that already match are left alone, so a second apply changes nothing.
 * Only the fields the file writes are compared: one it leaves out takes the server's default (a rule's aggregation,
 * a route's position), as {@code kubectl apply} leaves defaulted fields alone. An export writes every field, so a
 * file that started as an export says everything. Pure: it decides from two lists and knows nothing of HTTP.
 */
public final class Plan {

    public enum Action { CREATE, UPDATE, DELETE }

    /** One change; {@code fields} names what differs for an update. */
    public record Change(Action action, String name, String id, ObjectNode desired, List<String> fields) {
    }

    private final List<Change> changes;
    private final int unchanged;

    private Plan(List<Change> changes, int unchanged) {
        this.changes = List.copyOf(changes);
        this.unchanged = unchanged;
    }

    /**
     * @param desired the file's objects, each with the draft fields the API takes
     * @param current the server's objects as it lists them (views, with {@code id} and more fields)
     * @param draftFields the fields a draft has: only these are compared, and exports keep only these
     */
    public static Plan between(List<ObjectNode> desired, List<JsonNode> current, List<String> draftFields,
            boolean prune) {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        for (JsonNode object : current) {
            byName.put(object.path("name").asText(), object);
        }
        List<Change> changes = new ArrayList<>();
        int unchanged = 0;
        List<String> seen = new ArrayList<>();
        for (ObjectNode wanted : desired) {
            String name = wanted.path("name").asText(null);
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("every object in the file needs a name: " + wanted);
            }
            if (seen.contains(name)) {
                throw new IllegalArgumentException("the file names '" + name + "' twice");
            }
            seen.add(name);
            for (Iterator<String> it = wanted.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!draftFields.contains(field)) {
                    throw new IllegalArgumentException("'" + name + "': unknown field '" + field + "' (fields: "
                            + String.join(", ", draftFields) + ")");
                }
            }
            JsonNode existing = byName.get(name);
            if (existing == null) {
                changes.add(new Change(Action.CREATE, name, null, wanted, List.copyOf(draftFields)));
                continue;
            }
            List<String> differing = new ArrayList<>();
            for (String field : draftFields) {
                if (wanted.has(field) && !same(wanted.get(field), existing.get(field))) {
                    differing.add(field);
                }
            }
            if (differing.isEmpty()) {
                unchanged++;
            } else {
                changes.add(new Change(Action.UPDATE, name, existing.path("id").asText(), wanted, differing));
            }
        }
        if (prune) {
            byName.forEach((name, existing) -> {
                if (!seen.contains(name)) {
                    changes.add(new Change(Action.DELETE, name, existing.path("id").asText(), null, List.of()));
                }
            });
        }
        return new Plan(changes, unchanged);
    }

    /** The server's object as a file would hold it: the draft fields only, empty values left out. */
    public static ObjectNode exported(JsonNode current, List<String> draftFields) {
        ObjectNode draft = ApiClient.json().createObjectNode();
        for (String field : draftFields) {
            JsonNode value = current.get(field);
            if (!isEmpty(value)) {
                draft.set(field, value);
            }
        }
        return draft;
    }

    public List<Change> changes() {
        return changes;
    }

    public int unchanged() {
        return unchanged;
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The plan as people read it, one line per change, as {@code terraform plan} shows it. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (Change change : changes) {
            switch (change.action()) {
                case CREATE -> lines.add("+ create " + change.name());
                case UPDATE -> lines.add("~ update " + change.name() + " (" + String.join(", ", change.fields())
                        + ")");
                case DELETE -> lines.add("- delete " + change.name());
            }
        }
        lines.add(String.format("%d to create, %d to update, %d to delete, %d unchanged",
                count(Action.CREATE), count(Action.UPDATE), count(Action.DELETE), unchanged));
        return lines;
    }

    private long count(Action action) {
        return changes.stream().filter(c -> c.action() == action).count();
    }

    /** Equal as the API means it: absent, null and empty are the same; numbers compare by value. */
    static boolean same(JsonNode wanted, JsonNode existing) {
        if (isEmpty(wanted) || isEmpty(existing)) {
            return isEmpty(wanted) && isEmpty(existing);
        }
        if (wanted.isNumber() && existing.isNumber()) {
            return wanted.decimalValue().compareTo(existing.decimalValue()) == 0;
        }
        if (wanted.isObject() && existing.isObject()) {
            List<String> names = new ArrayList<>();
            wanted.fieldNames().forEachRemaining(names::add);
            existing.fieldNames().forEachRemaining(n -> {
                if (!names.contains(n)) {
                    names.add(n);
                }
            });
            return names.stream().allMatch(n -> same(wanted.get(n), existing.get(n)));
        }
        if (wanted.isArray() && existing.isArray()) {
            if (wanted.size() != existing.size()) {
                return false;
            }
            for (int i = 0; i < wanted.size(); i++) {
                if (!same(wanted.get(i), existing.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (wanted.isValueNode() && existing.isValueNode()) {
            return wanted.asText().equals(existing.asText());
        }
        return false;
    }

    private static boolean isEmpty(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode()
                || (value.isContainerNode() && value.isEmpty());
    }
}
