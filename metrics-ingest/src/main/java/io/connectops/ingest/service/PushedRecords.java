package io.connectops.ingest.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.EventSources;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Topics;

/**
 * The Kafka records of a batch of pushed samples: key, CloudEvent JSON and the headers the outbox relay adds, the
 * very bytes {@link EventCodec#encode} writes (PushedEventEncodingTest).
 *
 * <p>Written field by field (BatchWriter) rather than by the codec's bean serializer, with each time formatted once
 * per batch rather than once per use: per sample, the bean serializer's property walk and ISO-8601 formatting of the
 * same instants (the envelope's time, the sample's timestamp, again for the id) were the largest cost of the push
 * path (JFR, MetricPushBenchmark).
 */
final class PushedRecords {

    private static final String CE_ID = "ce_id";
    private static final String CE_TYPE = "ce_type";
    private static final byte[] SAMPLE_TYPE = MetricSample.TYPE.getBytes(StandardCharsets.UTF_8);
    private PushedRecords() {
    }

    /** The records of {@code samples} ({@code keys[i]} is the series key of sample i), published at {@code now}. */
    static List<ProducerRecord<String, byte[]>> of(List<MetricSample> samples, String[] keys, Instant now) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(samples.size());
        String time = now.toString();
        // A batch usually reports one period: its samples share a timestamp, formatted once.
        Instant lastTimestamp = null;
        String timestamp = null;
        // One digest per batch rather than a thread-local lookup per sample: the request threads' thread-local maps
        // are crowded, and their probing was a third of the id's cost (JFR, MetricPushBenchmark).
        MessageDigest md5 = md5();
        try (BatchWriter writer = new BatchWriter()) {
            for (int i = 0; i < keys.length; i++) {
                MetricSample sample = samples.get(i);
                if (!sample.timestamp().equals(lastTimestamp)) {
                    lastTimestamp = sample.timestamp();
                    timestamp = lastTimestamp.toString();
                }
                String key = keys[i];
                String id = id(key, timestamp, sample, md5);
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.METRICS, key,
                        writer.encode(id, EventSources.METRICS_INGEST, key, time, timestamp, sample));
                record.headers().add(CE_ID, id.getBytes(StandardCharsets.UTF_8));
                record.headers().add(CE_TYPE, SAMPLE_TYPE);
                records.add(record);
            }
        }
        return records;
    }

    /**
     * The id of a pushed sample follows from what it says (series, time, value, labels): a batch sent again after a
     * 503 whose records Kafka wrote anyway, or retried by a client that lost the 202, carries the same ids, and
     * consumers apply it once; a correction (another value for the same series and time) is a new event. It is
     * {@code MetricPublisher.stableId("push", ...)}: the name-based (version 3) UUID of that identity.
     */
    static String id(String seriesKey, String timestamp, MetricSample sample) {
        return id(seriesKey, timestamp, sample, md5());
    }

    private static String id(String seriesKey, String timestamp, MetricSample sample, MessageDigest md5) {
        StringBuilder identity = new StringBuilder(seriesKey.length() + 64).append("push|").append(seriesKey)
                .append('@').append(timestamp).append('@').append(decimal(sample.value()));
        if (!sample.labels().isEmpty()) {
            identity.append('@').append(new TreeMap<>(sample.labels()));
        }
        return nameUuid(identity.toString(), md5);
    }

    /**
     * {@link Double#toString}'s text of {@code value} ("null" for none), made from the long for the whole numbers below
     * ten million that most samples carry (counts, agents, seconds): JDK 17's Double.toString was a tenth of the push
     * path's CPU (JFR, MetricPushBenchmark). Those print as the digits and ".0" in Double.toString too; -0.0, larger
     * and fractional values go to it.
     */
    static String decimal(Double value) {
        if (value == null) {
            return "null";
        }
        double number = value;
        if (number == (long) number && Math.abs(number) < 1e7
                && (number != 0 || Double.doubleToRawLongBits(number) == 0)) {
            return Long.toString((long) number).concat(".0");
        }
        return Double.toString(number);
    }

    /** {@link UUID#nameUUIDFromBytes} of the UTF-8 bytes of {@code name}. */
    static String nameUuid(String name) {
        return nameUuid(name, md5());
    }

    private static String nameUuid(String name, MessageDigest digest) {
        byte[] md5 = digest.digest(name.getBytes(StandardCharsets.UTF_8));
        md5[6] &= 0x0f;
        md5[6] |= 0x30;
        md5[8] &= 0x3f;
        md5[8] |= (byte) 0x80;
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (md5[i] & 0xff);
        }
        for (int i = 8; i < 16; i++) {
            lsb = (lsb << 8) | (md5[i] & 0xff);
        }
        return new UUID(msb, lsb).toString();
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JDK", e);
        }
    }

    /** The event as {@link EventCodec#encode} writes it, from already formatted times. */
    static byte[] encode(CloudEvent<MetricSample> event) {
        try (BatchWriter writer = new BatchWriter()) {
            return writer.encode(event.id(), event.source(), event.subject(), event.time().toString(),
                    event.data().timestamp().toString(), event.data());
        }
    }

    /**
     * Writes the events of one batch into one reused buffer, and takes each event's bytes out of it. An event whose
     * texts are all printable ASCII without a quote or backslash (what pushed samples are made of) is written
     * directly, byte by byte, in the codec's field order and number format ({@link Double#toString}, which is what
     * Jackson writes for a finite double); any other goes through a single generator made by the codec's mapper, so
     * that escaping and non-ASCII text are exactly the codec's. A generator per record, then the generator's
     * per-field context checks, were most of the encoding's cost and garbage (JFR, MetricPushBenchmark). Each event
     * is a root value with no separator before it, taken out whole before the next begins, so its bytes are those the
     * codec writes for it alone (PushedEventEncodingTest).
     */
    private static final class BatchWriter implements AutoCloseable {

        private static final byte[] SPEC_VERSION = bytes("{\"specversion\":\"" + CloudEvent.SPEC_VERSION + "\",\"id\":\"");
        private static final byte[] SOURCE = bytes("\",\"source\":\"");
        private static final byte[] TYPE_AND_TIME = bytes("\",\"type\":\"" + MetricSample.TYPE + "\",\"time\":\"");
        private static final byte[] SUBJECT = bytes("\",\"subject\":\"");
        private static final byte[] DATA = bytes("\",\"datacontenttype\":\"" + CloudEvent.JSON + "\",\"data\":{");
        private static final byte[] LABELS = bytes("\"labels\":{");
        private static final byte[] END = bytes("}}}");

        private final ByteArrayBuilder out = new ByteArrayBuilder(1024);
        private JsonGenerator json;
        private byte[] buffer = new byte[1024];
        private int length;

        byte[] encode(String id, String source, String subject, String time, String timestamp, MetricSample sample) {
            return written(id, source, subject, time, timestamp, sample) ? Arrays.copyOf(buffer, length)
                    : generated(id, source, subject, time, timestamp, sample);
        }

        /** Writes the event directly into {@link #buffer}; false, with nothing to use, when a text needs the codec. */
        private boolean written(String id, String source, String subject, String time, String timestamp,
                MetricSample sample) {
            if (sample.value() != null && !Double.isFinite(sample.value())) {
                return false;
            }
            length = 0;
            put(SPEC_VERSION);
            if (!text(id)) {
                return false;
            }
            put(SOURCE);
            if (!text(source)) {
                return false;
            }
            put(TYPE_AND_TIME);
            if (!text(time)) {
                return false;
            }
            if (subject != null) {
                put(SUBJECT);
                if (!text(subject)) {
                    return false;
                }
            }
            put(DATA);
            boolean first = true;
            String[] names = { "source", "instanceId", "queueId", "channel", "agentId", "metric" };
            String[] values = { sample.source(), sample.instanceId(), sample.queueId(), sample.channel(),
                    sample.agentId(), sample.metric() };
            for (int i = 0; i < names.length; i++) {
                if (values[i] != null) {
                    if (!field(first, names[i], values[i])) {
                        return false;
                    }
                    first = false;
                }
            }
            if (sample.value() != null) {
                name(first, "value");
                ascii(decimal(sample.value()));
                first = false;
            }
            if (sample.unit() != null) {
                if (!field(first, "unit", sample.unit())) {
                    return false;
                }
                first = false;
            }
            if (sample.timestamp() != null) {
                if (!field(first, "timestamp", timestamp)) {
                    return false;
                }
                first = false;
            }
            if (!first) {
                put((byte) ',');
            }
            put(LABELS);
            first = true;
            for (Map.Entry<String, String> label : sample.labels().entrySet()) {
                if (!field(first, label.getKey(), label.getValue())) {
                    return false;
                }
                first = false;
            }
            put(END);
            return true;
        }

        /** {@code ,"name":"value"} (no comma for the first of an object); false when a text needs the codec. */
        private boolean field(boolean first, String name, String value) {
            if (!first) {
                put((byte) ',');
            }
            put((byte) '"');
            if (!text(name)) {
                return false;
            }
            put((byte) '"');
            put((byte) ':');
            put((byte) '"');
            if (!text(value)) {
                return false;
            }
            put((byte) '"');
            return true;
        }

        private void name(boolean first, String name) {
            if (!first) {
                put((byte) ',');
            }
            put((byte) '"');
            ascii(name);
            put((byte) '"');
            put((byte) ':');
        }

        /**
         * Writes {@code text} (without quotes) when every character is printable ASCII other than the quote and
         * the backslash, which the codec writes as they are; false when one is not (the codec escapes those two and
         * control characters, and writes the rest as UTF-8).
         */
        private boolean text(String text) {
            int n = text.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                char c = text.charAt(i);
                if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                    return false;
                }
                buffer[length++] = (byte) c;
            }
            return true;
        }

        /** Writes text known to be plain ASCII (a field name, a number). */
        private void ascii(String text) {
            int n = text.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                buffer[length++] = (byte) text.charAt(i);
            }
        }

        private void put(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, length, bytes.length);
            length += bytes.length;
        }

        private void put(byte b) {
            ensure(1);
            buffer[length++] = b;
        }

        private void ensure(int more) {
            if (length + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
            }
        }

        private static byte[] bytes(String constant) {
            return constant.getBytes(StandardCharsets.US_ASCII);
        }

        /**
         * The envelope's components in declaration order, null ones left out (the codec writes non-null values
         * only), through the codec's generator.
         */
        private byte[] generated(String id, String source, String subject, String time, String timestamp,
                MetricSample sample) {
            try {
                if (json == null) {
                    json = EventCodec.mapper().createGenerator(out, JsonEncoding.UTF8);
                    json.setRootValueSeparator(null);
                }
                json.writeStartObject();
                json.writeStringField("specversion", CloudEvent.SPEC_VERSION);
                json.writeStringField("id", id);
                json.writeStringField("source", source);
                json.writeStringField("type", MetricSample.TYPE);
                json.writeStringField("time", time);
                if (subject != null) {
                    json.writeStringField("subject", subject);
                }
                json.writeStringField("datacontenttype", CloudEvent.JSON);
                json.writeFieldName("data");
                json.writeStartObject();
                optional(json, "source", sample.source());
                optional(json, "instanceId", sample.instanceId());
                optional(json, "queueId", sample.queueId());
                optional(json, "channel", sample.channel());
                optional(json, "agentId", sample.agentId());
                optional(json, "metric", sample.metric());
                if (sample.value() != null) {
                    json.writeNumberField("value", sample.value());
                }
                optional(json, "unit", sample.unit());
                if (sample.timestamp() != null) {
                    json.writeStringField("timestamp", timestamp);
                }
                // Never null (the record's constructor makes an empty map of none), nor holding nulls (Map.copyOf).
                json.writeFieldName("labels");
                json.writeStartObject();
                for (Map.Entry<String, String> label : sample.labels().entrySet()) {
                    json.writeStringField(label.getKey(), label.getValue());
                }
                json.writeEndObject();
                json.writeEndObject();
                json.writeEndObject();
                json.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("Sample of " + subject + " cannot be written as JSON", e);
            }
            byte[] event = out.toByteArray();
            out.reset();
            return event;
        }

        @Override
        public void close() {
            if (json == null) {
                return;
            }
            try {
                json.close();
            } catch (IOException e) {
                throw new UncheckedIOException("JSON generator of pushed samples not closed", e);
            }
        }
    }

    private static void optional(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }
}
