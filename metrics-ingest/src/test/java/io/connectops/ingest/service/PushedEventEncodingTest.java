package io.connectops.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;

/** Pushed samples are encoded apart from the outbox, but must be the very bytes the event codec writes. */
class PushedEventEncodingTest {

    @Test
    void aPushedEventIsWrittenExactlyAsTheEventCodecWritesIt() {
        MetricSample full = new MetricSample("push", "inst-1", "q-1", "VOICE", "agent-7", "custom_orders_per_minute",
                12.25, "COUNT", Instant.parse("2026-11-22T10:00:00.123456Z"), Map.of("site", "Zürich \"HQ\""));
        MetricSample sparse = new MetricSample("push", "inst-1", null, null, null, "ivr_response_time", 0.0,
                "MILLISECONDS", Instant.parse("2026-11-22T10:00:00Z"), null);
        for (MetricSample sample : new MetricSample[] { full, sparse }) {
            CloudEvent<MetricSample> event = CloudEvent.of("5f0c7d7e-3f7a-4b7e-9c1d-2a8e6b1f0a11",
                    MetricPublisher.EVENT_SOURCE, MetricSample.TYPE, sample.seriesKey(),
                    Instant.parse("2026-11-22T10:00:01.5Z"), sample);

            byte[] encoded = MetricPublisher.encode(event);

            assertThat(new String(encoded, StandardCharsets.UTF_8)).isEqualTo(EventCodec.encode(event));
            assertThat(EventCodec.decode(new String(encoded, StandardCharsets.UTF_8), MetricSample.class))
                    .isEqualTo(event);
        }
    }
}
