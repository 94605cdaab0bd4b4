package io.connectops.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.connectops.cli.client.ApiClient;

/**
 * Prints what the services answered: a table of chosen columns for people (the default), or the JSON as the server
 * sent it for scripts ({@code -o json}).
 */
public class Output {

    public enum Format { TABLE, JSON }

    /** Longer cells are cut so that one description does not wrap the whole table. */
    static final int MAX_CELL = 60;

    private final PrintWriter out;
    private final Format format;

    public Output(PrintWriter out, Format format) {
        this.out = out;
        this.format = format;
    }

    public Format format() {
        return format;
    }

    public PrintWriter writer() {
        return out;
    }

    /** A list: one row per item, the columns as {@code header=json.path} pairs ("STATUS=status"). */
    public void table(List<JsonNode> items, Column... columns) {
        if (format == Format.JSON) {
            json(ApiClient.json().valueToTree(items));
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(Arrays.stream(columns).map(Column::header).toArray(String[]::new));
        for (JsonNode item : items) {
            rows.add(Arrays.stream(columns).map(c -> cell(c.valueOf(item))).toArray(String[]::new));
        }
        int[] widths = new int[columns.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /** One object: {@code field: value} lines of the chosen fields for people, the whole JSON for scripts. */
    public void object(JsonNode item, Column... fields) {
        if (format == Format.JSON) {
            json(item);
            return;
        }
        int width = Arrays.stream(fields).mapToInt(f -> f.header().length()).max().orElse(0);
        for (Column field : fields) {
            String value = text(field.valueOf(item));
            if (!value.isEmpty()) {
                out.println(String.format("%-" + width + "s  %s", field.header(), value));
            }
        }
        out.flush();
    }

    public void message(String text) {
        if (format == Format.TABLE) {
            out.println(text);
            out.flush();
        }
    }

    public void json(JsonNode node) {
        try {
            out.println(ApiClient.json().copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    /** A JSON value as one line of text: arrays joined by commas, objects as {@code k=v} pairs. */
    public static String textOf(JsonNode value) {
        return text(value);
    }

    static String text(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "";
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(v -> parts.add(text(v)));
            return String.join(",", parts);
        }
        if (value.isObject()) {
            List<String> parts = new ArrayList<>();
            value.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + text(e.getValue())));
            return String.join(",", parts);
        }
        return value.asText();
    }

    static String cell(JsonNode value) {
        String text = text(value).replaceAll("\\s+", " ");
        return text.length() > MAX_CELL ? text.substring(0, MAX_CELL - 1) + "…" : text;
    }

    /** A column: its header and the JSON pointer-like path of its value ({@code id}, {@code labels.queue_id}). */
    public record Column(String header, String path) {

        public static Column of(String header, String path) {
            return new Column(header, path);
        }

        JsonNode valueOf(JsonNode item) {
            JsonNode node = item;
            for (String part : path.split("\\.")) {
                node = node.path(part);
            }
            return node;
        }
    }
}
