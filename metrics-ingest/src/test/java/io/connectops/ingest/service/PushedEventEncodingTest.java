package io.connectops.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.Topics;

/** Pushed samples are encoded apart from the outbox, but must be the very bytes the event codec writes. */
class PushedEventEncodingTest {

    private static final MetricSample FULL = new MetricSample("push", "inst-1", "q-1", "VOICE", "agent-7",
            "custom_orders_per_minute", 12.25, "COUNT", Instant.parse("2026-11-22T10:00:00.123456Z"),
            Map.of("site", "Zürich \"HQ\""));
    private static final MetricSample SPARSE = new MetricSample("push", "inst-1", null, null, null, "ivr_response_time",
            0.0, "MILLISECONDS", Instant.parse("2026-11-22T10:00:00Z"), null);

    @Test
    void aPushedEventIsWrittenExactlyAsTheEventCodecWritesIt() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("zone", "eu\u00a0west\\1");
        labels.put("a", "");
        labels.put("routing_profile_id", "rp/1");
        MetricSample manyLabels = new MetricSample("push", "inst-\u4e2d", "q-2", null, null, "custom_x", -1.0E-7,
                "COUNT", Instant.parse("2026-11-22T10:00:00.100Z"), labels);
        MetricSample large = new MetricSample("push", "inst-1", "q-3", null, null, "custom_y", 1.2345678901234567E21,
                "COUNT", Instant.parse("1970-01-01T00:00:00.000000001Z"), Map.of());
        for (MetricSample sample : new MetricSample[] { FULL, SPARSE, manyLabels, large }) {
            CloudEvent<MetricSample> event = CloudEvent.of("5f0c7d7e-3f7a-4b7e-9c1d-2a8e6b1f0a11",
                    MetricPublisher.EVENT_SOURCE, MetricSample.TYPE, sample.seriesKey(),
                    Instant.parse("2026-11-22T10:00:01.5Z"), sample);

            byte[] encoded = PushedRecords.encode(event);

            assertThat(new String(encoded, StandardCharsets.UTF_8)).isEqualTo(EventCodec.encode(event));
            assertThat(EventCodec.decode(new String(encoded, StandardCharsets.UTF_8), MetricSample.class))
                    .isEqualTo(event);
        }
    }

    @Test
    void aValueIsWrittenAsDoubleToStringWritesItWholeNumbersIncluded() {
        double[] values = { 0.0, -0.0, 1.0, -1.0, 42.0, 9_999_999.0, -9_999_999.0, 1e7, -1e7, 123_456_789.0, 0.5,
                5.3, -1.0E-7, 1.2345678901234567E21, Long.MAX_VALUE, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY };
        for (double value : values) {
            assertThat(PushedRecords.decimal(value)).as("text of %s", value).isEqualTo(Double.toString(value));
        }
        for (long whole = -20_000; whole <= 20_000; whole += 7) {
            assertThat(PushedRecords.decimal((double) whole)).isEqualTo(Double.toString(whole));
        }
        assertThat(PushedRecords.decimal(null)).isEqualTo("null");
    }

    @Test
    void aPushedSamplesIdIsTheNameBasedUuidOfItsSeriesTimeValueAndLabels() {
        assertThat(PushedRecords.id(FULL.seriesKey(), FULL.timestamp().toString(), FULL))
                .isEqualTo(MetricPublisher.stableId("push", FULL.seriesKey() + "@" + FULL.timestamp() + "@"
                        + FULL.value() + "@" + new TreeMap<>(FULL.labels())));
        assertThat(PushedRecords.id(SPARSE.seriesKey(), SPARSE.timestamp().toString(), SPARSE))
                .isEqualTo(MetricPublisher.stableId("push", SPARSE.seriesKey() + "@" + SPARSE.timestamp() + "@"
                        + SPARSE.value()));
    }

    @Test
    void eachRecordOfABatchCarriesItsKeyEnvelopeAndHeaders() {
        Instant now = Instant.parse("2026-11-22T10:00:02Z");
        MetricSample later = new MetricSample("push", "inst-1", "q-1", null, null, "ivr_response_time", 7.0,
                "MILLISECONDS", SPARSE.timestamp().plusSeconds(1), null);
        List<MetricSample> samples = List.of(SPARSE, SPARSE, later, FULL);
        String[] keys = samples.stream().map(MetricSample::seriesKey).toArray(String[]::new);

        List<ProducerRecord<String, byte[]>> records = PushedRecords.of(samples, keys, now);

        assertThat(records).hasSize(4);
        for (int i = 0; i < records.size(); i++) {
            ProducerRecord<String, byte[]> record = records.get(i);
            MetricSample sample = samples.get(i);
            String id = PushedRecords.id(keys[i], sample.timestamp().toString(), sample);
            assertThat(record.topic()).isEqualTo(Topics.METRICS);
            assertThat(record.key()).isEqualTo(keys[i]);
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(EventCodec.encode(
                    CloudEvent.of(id, MetricPublisher.EVENT_SOURCE, MetricSample.TYPE, keys[i], now, sample)));
            assertThat(new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8))
                    .isEqualTo(id);
            assertThat(new String(record.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                    .isEqualTo(MetricSample.TYPE);
        }
        assertThat(records.get(0).headers().lastHeader("ce_id").value())
                .isEqualTo(records.get(1).headers().lastHeader("ce_id").value());
    }

    @Test
    void eventsWrittenOneAfterTheOtherInABatchAreEachTheCodecsBytesForThatEventAlone() {
        Instant now = Instant.parse("2026-11-22T10:00:02Z");
        Map<String, String> escaped = new LinkedHashMap<>();
        escaped.put("quote\"d", "tab\tand \\ and \u2028");
        MetricSample custom = new MetricSample("push", "inst-\u4e2d", "q-9", null, null, "custom_x", 1.0E-300,
                "COUNT", Instant.parse("2026-11-22T10:00:00.5Z"), escaped);
        String longQueue = "q-" + "x".repeat(3000);
        MetricSample large = new MetricSample("push", "inst-1", longQueue, null, null, "ivr_response_time", 12.0,
                "MILLISECONDS", SPARSE.timestamp(), null);
        Map<String, String> asciiLabels = new LinkedHashMap<>();
        asciiLabels.put("routing_profile_id", "rp/1");
        asciiLabels.put("site", "HQ 2 (a~b)");
        MetricSample everyField = new MetricSample("push", "inst-1", "q-1", "VOICE", "agent-7", "custom_a", 1.0E21,
                "COUNT", Instant.parse("2026-11-22T10:00:00.123456789Z"), asciiLabels);
        MetricSample negativeZero = new MetricSample("push", "inst-1", "q-1", null, null, "custom_b", -0.0, "COUNT",
                SPARSE.timestamp(), Map.of("k", ""));
        MetricSample fraction = new MetricSample("push", "inst-1", null, null, "agent-7", "custom_c", 123456.789,
                "SECONDS", SPARSE.timestamp(), null);
        List<MetricSample> samples = List.of(FULL, SPARSE, custom, large, SPARSE, FULL, everyField, negativeZero,
                fraction);
        String[] keys = samples.stream().map(MetricSample::seriesKey).toArray(String[]::new);

        List<ProducerRecord<String, byte[]>> records = PushedRecords.of(samples, keys, now);

        for (int i = 0; i < records.size(); i++) {
            MetricSample sample = samples.get(i);
            String id = PushedRecords.id(keys[i], sample.timestamp().toString(), sample);
            assertThat(new String(records.get(i).value(), StandardCharsets.UTF_8)).as("record %d", i)
                    .isEqualTo(EventCodec.encode(CloudEvent.of(id, MetricPublisher.EVENT_SOURCE, MetricSample.TYPE,
                            keys[i], now, sample)));
        }
        assertThat(records.get(5).value()).isEqualTo(records.get(0).value());
    }
}
