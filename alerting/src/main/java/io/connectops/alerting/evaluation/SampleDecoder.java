package io.connectops.alerting.evaluation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;

/**
 * Reads the sample out of an ops.metrics.v1 record with a streaming parser: the envelope's own fields are checked
 * for presence and skipped, and the usual timestamp form is read without a formatter. Data binding the envelope cost
 * more than evaluating the sample. The record's UTF-8 bytes are parsed as they arrive, without a String of the whole
 * record, and values with their full 17 digits are read by Jackson's fast double parser (the JDK's cost a fifth of
 * the decoding). Anything unusual is left to {@link EventCodec}, which decides what is malformed and says why.
 * Either way, a sample is then checked against what the checkpoint can store ({@link #validate}).
 */
final class SampleDecoder {

    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();
    /** The columns of series_latest (V1__series.sql) that a sample's fields and key are written to. */
    static final int MAX_SERIES_KEY = 1000;
    static final int MAX_ID = 200;
    static final int MAX_CHANNEL = 50;
    static final int MAX_METRIC = 100;
    static final int MAX_UNIT = 30;
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    private SampleDecoder() {
    }

    static MetricSample decode(String record) {
        return decode(record == null ? null : record.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The sample of a record, checked against what the checkpoint can store.
     *
     * @throws EventCodec.MalformedEventException when the record is unreadable or its sample can never be stored
     */
    static MetricSample decode(byte[] record) {
        MetricSample sample = fastDecode(record);
        if (sample == null) {
            sample = EventCodec.decode(record == null ? null : new String(record, StandardCharsets.UTF_8),
                    MetricSample.class).data();
        }
        validate(sample);
        return sample;
    }

    /**
     * Refuses a sample that the checkpoint could never write: a field longer than its column of series_latest, a
     * control character (PostgreSQL refuses NUL in text), a value that is not finite, a time outside what both
     * PostgreSQL and epoch milliseconds hold. Such a sample goes to the dead-letter topic alone; let in, it would fail
     * every checkpoint of its partition, and a restart would replay it.
     */
    static void validate(MetricSample sample) {
        if (sample == null) {
            throw new EventCodec.MalformedEventException("record without a sample");
        }
        if (sample.metric() == null || sample.timestamp() == null) {
            throw new EventCodec.MalformedEventException("sample without metric or timestamp");
        }
        bounded("source", sample.source(), Integer.MAX_VALUE);
        bounded("instanceId", sample.instanceId(), MAX_ID);
        bounded("queueId", sample.queueId(), MAX_ID);
        bounded("channel", sample.channel(), MAX_CHANNEL);
        bounded("agentId", sample.agentId(), MAX_ID);
        bounded("metric", sample.metric(), MAX_METRIC);
        bounded("unit", sample.unit(), MAX_UNIT);
        for (Map.Entry<String, String> label : sample.labels().entrySet()) {
            bounded("label name", label.getKey(), Integer.MAX_VALUE);
            bounded("label " + printable(label.getKey()), label.getValue(), Integer.MAX_VALUE);
        }
        long keyLength = seriesKeyLength(sample);
        if (keyLength > MAX_SERIES_KEY) {
            throw new EventCodec.MalformedEventException(
                    "series key has " + keyLength + " characters, at most " + MAX_SERIES_KEY);
        }
        if (sample.value() != null && !Double.isFinite(sample.value())) {
            throw new EventCodec.MalformedEventException("value is not finite: " + sample.value());
        }
        if (sample.timestamp().isBefore(EARLIEST) || sample.timestamp().isAfter(LATEST)) {
            throw new EventCodec.MalformedEventException("timestamp outside " + EARLIEST + " to " + LATEST);
        }
    }

    /** The length of {@link MetricSample#seriesKey()} without building it: this runs for every sample. */
    static long seriesKeyLength(MetricSample sample) {
        long length = (sample.instanceId() == null ? 1 : sample.instanceId().length()) + 1
                + (sample.queueId() == null ? 1 : sample.queueId().length());
        if (sample.channel() != null) {
            length += 1 + sample.channel().length();
        }
        if (sample.agentId() != null) {
            length += "/agent:".length() + sample.agentId().length();
        }
        String routingProfile = sample.labels().get(MetricSample.ROUTING_PROFILE_LABEL);
        if (routingProfile != null) {
            length += "/routing_profile:".length() + routingProfile.length();
        }
        return length + 1 + sample.metric().length();
    }

    private static void bounded(String field, String text, int max) {
        if (text == null) {
            return;
        }
        if (text.length() > max) {
            throw new EventCodec.MalformedEventException(field + " has " + text.length() + " characters, at most " + max);
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < 0x20) {
                throw new EventCodec.MalformedEventException(
                        field + " holds the control character U+" + String.format("%04X", (int) text.charAt(i))
                                + " at " + i);
            }
        }
    }

    /** A label name for a reason header: cut short, control characters replaced. */
    private static String printable(String text) {
        String cut = text.length() > 50 ? text.substring(0, 50) + "…" : text;
        StringBuilder out = new StringBuilder(cut.length());
        cut.chars().forEach(c -> out.append(c < 0x20 ? '?' : (char) c));
        return out.toString();
    }

    static MetricSample fastDecode(String record) {
        return fastDecode(record == null ? null : record.getBytes(StandardCharsets.UTF_8));
    }

    /** The sample, or null when the record is not in the shape producers write (then the codec decides). */
    static MetricSample fastDecode(byte[] record) {
        if (record == null) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(record)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            MetricSample sample = null;
            int envelope = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "data":
                        if (value != JsonToken.START_OBJECT) {
                            return null;
                        }
                        sample = readSample(parser);
                        if (sample == null) {
                            return null;
                        }
                        break;
                    case "id":
                    case "source":
                    case "type":
                        if (value != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        envelope++;
                        break;
                    default:
                        parser.skipChildren();
                        break;
                }
            }
            return envelope == 3 && parser.currentToken() == JsonToken.END_OBJECT ? sample : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static MetricSample readSample(JsonParser parser) throws IOException {
        String source = null;
        String instanceId = null;
        String queueId = null;
        String channel = null;
        String agentId = null;
        String metric = null;
        Double value = null;
        String unit = null;
        Instant timestamp = null;
        Map<String, String> labels = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            if (token == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "value":
                    if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
                        return null;
                    }
                    value = parser.getDoubleValue();
                    break;
                case "labels":
                    if (token != JsonToken.START_OBJECT) {
                        return null;
                    }
                    labels = new HashMap<>();
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String label = parser.currentName();
                        if (parser.nextToken() != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        labels.put(label, parser.getText());
                    }
                    break;
                default:
                    if (token != JsonToken.VALUE_STRING) {
                        if (token.isStructStart()) {
                            parser.skipChildren();
                        }
                        continue;
                    }
                    String text = parser.getText();
                    switch (name) {
                        case "source" -> source = text;
                        case "instanceId" -> instanceId = text;
                        case "queueId" -> queueId = text;
                        case "channel" -> channel = text;
                        case "agentId" -> agentId = text;
                        case "metric" -> metric = text;
                        case "unit" -> unit = text;
                        case "timestamp" -> timestamp = instant(text);
                        default -> {
                            // A field a newer producer added: ignored, as the codec ignores it.
                        }
                    }
                    break;
            }
        }
        return new MetricSample(source, instanceId, queueId, channel, agentId, metric, value, unit, timestamp, labels);
    }

    /** {@code 2026-11-22T10:15:00Z} (what the codec writes for whole seconds) without a formatter; others parsed. */
    static Instant instant(String text) {
        if (text.length() == 20 && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
                && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == 'Z') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour < 24
                    && minute >= 0 && minute < 60 && second >= 0 && second < 60) {
                long days = LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second);
            }
        }
        return Instant.parse(text);
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
