package io.connectops.ingest.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
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
 * <p>Written field by field through the codec's own generator settings rather than by its bean serializer, and
 * with each time formatted once per batch rather than once per use: per sample, the bean serializer's property
 * walk and ISO-8601 formatting of the same instants (the envelope's time, the sample's timestamp, again for the id)
 * were the largest cost of the push path (JFR, MetricPushBenchmark).
 */
final class PushedRecords {

    private static final String CE_ID = "ce_id";
    private static final String CE_TYPE = "ce_type";
    private static final byte[] SAMPLE_TYPE = MetricSample.TYPE.getBytes(StandardCharsets.UTF_8);
    /** MessageDigest is not thread-safe; one per request thread rather than a provider lookup per sample. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JDK", e);
        }
    });

    private PushedRecords() {
    }

    /** The records of {@code samples} ({@code keys[i]} is the series key of sample i), published at {@code now}. */
    static List<ProducerRecord<String, byte[]>> of(List<MetricSample> samples, String[] keys, Instant now) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(samples.size());
        String time = now.toString();
        // A batch usually reports one period: its samples share a timestamp, formatted once.
        Instant lastTimestamp = null;
        String timestamp = null;
        for (int i = 0; i < keys.length; i++) {
            MetricSample sample = samples.get(i);
            if (!sample.timestamp().equals(lastTimestamp)) {
                lastTimestamp = sample.timestamp();
                timestamp = lastTimestamp.toString();
            }
            String key = keys[i];
            String id = id(key, timestamp, sample);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.METRICS, key,
                    encode(id, EventSources.METRICS_INGEST, key, time, timestamp, sample));
            record.headers().add(CE_ID, id.getBytes(StandardCharsets.UTF_8));
            record.headers().add(CE_TYPE, SAMPLE_TYPE);
            records.add(record);
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
        StringBuilder identity = new StringBuilder(seriesKey.length() + 64).append("push|").append(seriesKey)
                .append('@').append(timestamp).append('@').append(sample.value());
        if (!sample.labels().isEmpty()) {
            identity.append('@').append(new TreeMap<>(sample.labels()));
        }
        return nameUuid(identity.toString());
    }

    /** {@link UUID#nameUUIDFromBytes} of the UTF-8 bytes of {@code name}, with a reused digest. */
    static String nameUuid(String name) {
        byte[] md5 = MD5.get().digest(name.getBytes(StandardCharsets.UTF_8));
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

    /** The event as {@link EventCodec#encode} writes it, from already formatted times. */
    static byte[] encode(CloudEvent<MetricSample> event) {
        return encode(event.id(), event.source(), event.subject(), event.time().toString(),
                event.data().timestamp().toString(), event.data());
    }

    /**
     * The envelope's components in declaration order, null ones left out (the codec writes non-null values only),
     * through a generator made by the codec's mapper, so that strings and numbers are escaped and formatted as it
     * does.
     */
    private static byte[] encode(String id, String source, String subject, String time, String timestamp,
            MetricSample sample) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator json = EventCodec.mapper().createGenerator(out, JsonEncoding.UTF8)) {
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
        } catch (IOException e) {
            throw new UncheckedIOException("Sample of " + subject + " cannot be written as JSON", e);
        }
        return out.toByteArray();
    }

    private static void optional(JsonGenerator json, String name, String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }
}
