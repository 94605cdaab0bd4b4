package io.connectops.alerting.messaging;

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
 */
final class SampleDecoder {

    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    private SampleDecoder() {
    }

    static MetricSample decode(String record) {
        return decode(record == null ? null : record.getBytes(StandardCharsets.UTF_8));
    }

    static MetricSample decode(byte[] record) {
        MetricSample sample = fastDecode(record);
        if (sample != null) {
            return sample;
        }
        return EventCodec.decode(record == null ? null : new String(record, StandardCharsets.UTF_8), MetricSample.class)
                .data();
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
