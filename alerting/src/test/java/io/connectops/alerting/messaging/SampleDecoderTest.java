package io.connectops.alerting.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.connectops.alerting.domain.SeriesState;
import io.connectops.contracts.CloudEvent;
import io.connectops.contracts.EventCodec;
import io.connectops.contracts.MetricSample;

/** The streaming reader of samples reads what the codec reads, and leaves whatever it does not expect to the codec. */
class SampleDecoderTest {

    private static String encoded(MetricSample sample) {
        return EventCodec.encode(CloudEvent.of("/test", MetricSample.TYPE, sample.seriesKey(), sample));
    }

    @Test
    void readsTheSampleTheCodecReads() {
        for (MetricSample sample : new MetricSample[] {
                new MetricSample("connect", "inst-1", "q-1", "VOICE", null, "abandonment_rate", 6.5, "PERCENT",
                        Instant.parse("2026-11-22T10:15:00Z"), null),
                new MetricSample("push", "inst-1", null, null, "agent-7", "agent_occupancy", null, "PERCENT",
                        Instant.parse("2026-11-22T10:15:00.250Z"), Map.of("routing_profile_id", "rp-1")),
                new MetricSample("cloudwatch", null, null, null, null, "lambda_errors", 3.0, "COUNT",
                        Instant.parse("2024-02-29T23:59:59Z"), Map.of())}) {
            String record = encoded(sample);
            assertThat(SampleDecoder.fastDecode(record)).isEqualTo(sample);
            assertThat(SampleDecoder.decode(record)).isEqualTo(EventCodec.decode(record, MetricSample.class).data());
        }
    }

    @Test
    void leavesMalformedRecordsToTheCodec() {
        assertThat(SampleDecoder.fastDecode("{\"id\":\"1\",\"source\":\"/x\",\"type\":\"t\"}")).isNull();
        assertThat(SampleDecoder.fastDecode("{\"id\":\"1\",\"source\":\"/x\",\"type\":\"t\",\"data\":{\"value\":\"six\"}}"))
                .isNull();
        assertThat(SampleDecoder.fastDecode("not json")).isNull();
        assertThatThrownBy(() -> SampleDecoder.decode("{\"id\":\"1\",\"source\":\"/x\",\"type\":\"t\"}"))
                .isInstanceOf(EventCodec.MalformedEventException.class);
        assertThatThrownBy(() -> SampleDecoder.instant("2026-02-30T00:00:00Z"))
                .isInstanceOf(java.time.DateTimeException.class);
    }

    @Test
    void aCheckpointedWindowComesBackAsItWas() {
        SeriesState series = new SeriesState();
        series.window.addLast(new SeriesState.Point(1_000, 6.5));
        series.window.addLast(new SeriesState.Point(16_000, Double.MIN_VALUE));
        series.packWindow();
        SeriesState restored = new SeriesState();
        restored.packedWindow = series.packedWindow;
        restored.unpackWindow();

        assertThat(restored.window).extracting(SeriesState.Point::t).containsExactly(1_000L, 16_000L);
        assertThat(restored.window).extracting(SeriesState.Point::v).containsExactly(6.5, Double.MIN_VALUE);
        assertThat(restored.packedWindow).isNull();
    }
}
