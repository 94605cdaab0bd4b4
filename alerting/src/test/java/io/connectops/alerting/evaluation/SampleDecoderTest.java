package io.connectops.alerting.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
                .isInstanceOf(DateTimeException.class);
    }

    private static MetricSample withIds(String instance, String queue, String channel, String agent,
            Map<String, String> labels) {
        return new MetricSample("push", instance, queue, channel, agent, "custom_poison_len", 1.0, "COUNT",
                Instant.parse("2026-11-22T10:15:00Z"), labels);
    }

    private static void assertRefused(MetricSample sample, String reason) {
        String record = encoded(sample);
        assertThatThrownBy(() -> SampleDecoder.decode(record))
                .isInstanceOf(EventCodec.MalformedEventException.class).hasMessageContaining(reason);
    }

    @Test
    void refusesTheSampleOfW1WhoseIdsAtTheirMaximumMakeASeriesKeyLongerThanItsColumn() {
        MetricSample poison = withIds("i".repeat(200), "q".repeat(200), "c".repeat(50), "a".repeat(200),
                Map.of("routing_profile_id", "r".repeat(500)));
        assertThat(poison.seriesKey()).hasSizeGreaterThan(1000);

        assertRefused(poison, "series key has " + poison.seriesKey().length() + " characters, at most 1000");
    }

    @Test
    void acceptsASeriesKeyOfExactlyItsColumnAndCountsItsLengthAsTheKeyIs() {
        String rp = "r".repeat(1000 - (200 + 1 + 200 + 1 + 50 + "/agent:".length() + 200
                + "/routing_profile:".length() + 1 + "custom_poison_len".length()));
        MetricSample longest = withIds("i".repeat(200), "q".repeat(200), "c".repeat(50), "a".repeat(200),
                Map.of("routing_profile_id", rp));
        assertThat(longest.seriesKey()).hasSize(1000);
        assertThat(SampleDecoder.decode(encoded(longest))).isEqualTo(longest);
        for (MetricSample sample : new MetricSample[] {longest, withIds(null, null, null, null, null),
                withIds("i", null, "VOICE", null, Map.of("other", "x"))}) {
            assertThat(SampleDecoder.seriesKeyLength(sample)).isEqualTo(sample.seriesKey().length());
        }
    }

    @Test
    void refusesFieldsLongerThanTheirColumns() {
        assertRefused(withIds("i".repeat(201), "q", null, null, null), "instanceId has 201 characters, at most 200");
        assertRefused(withIds("i", "q".repeat(201), null, null, null), "queueId has 201 characters");
        assertRefused(withIds("i", "q", "c".repeat(51), null, null), "channel has 51 characters, at most 50");
        assertRefused(withIds("i", "q", null, "a".repeat(201), null), "agentId has 201 characters");
        assertRefused(new MetricSample("push", "i", "q", null, null, "m".repeat(101), 1.0, "COUNT",
                Instant.parse("2026-11-22T10:15:00Z"), null), "metric has 101 characters, at most 100");
        assertRefused(new MetricSample("push", "i", "q", null, null, "m", 1.0, "U".repeat(31),
                Instant.parse("2026-11-22T10:15:00Z"), null), "unit has 31 characters, at most 30");
    }

    @Test
    void refusesControlCharactersInAnyString() {
        assertRefused(withIds("inst\u0000nul", "q", null, null, null), "instanceId holds the control character U+0000");
        assertRefused(withIds("i", "q\n", null, null, null), "queueId holds the control character U+000A");
        assertRefused(withIds("i", "q", null, "agent\u001f", null), "agentId holds the control character U+001F");
        assertRefused(withIds("i", "q", null, null, Map.of("routing_profile_id", "rp\u0000")),
                "label routing_profile_id holds the control character U+0000");
        assertRefused(withIds("i", "q", null, null, Map.of("na\tme", "x")), "label name holds the control character");
        assertRefused(new MetricSample("push\u0007", "i", "q", null, null, "m", 1.0, "COUNT",
                Instant.parse("2026-11-22T10:15:00Z"), null), "source holds the control character U+0007");
    }

    @Test
    void refusesValuesThatAreNotFiniteAndTimesPostgreSqlCannotHold() {
        String overflow = "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\",\"type\":\"t\",\"data\":"
                + "{\"instanceId\":\"i\",\"metric\":\"m\",\"value\":1e400,\"timestamp\":\"2026-11-22T10:15:00Z\"}}";
        assertThatThrownBy(() -> SampleDecoder.decode(overflow)).isInstanceOf(EventCodec.MalformedEventException.class)
                .hasMessageContaining("value is not finite: Infinity");
        assertRefused(new MetricSample("push", "i", "q", null, null, "m", 1.0, "COUNT",
                Instant.parse("+100000-01-01T00:00:00Z"), null), "timestamp outside");
        assertRefused(new MetricSample("push", "i", "q", null, null, "m", 1.0, "COUNT",
                Instant.parse("-5000-01-01T00:00:00Z"), null), "timestamp outside");
        assertThatThrownBy(() -> SampleDecoder.decode("{\"id\":\"1\",\"source\":\"/x\",\"type\":\"t\",\"data\":{}}"))
                .isInstanceOf(EventCodec.MalformedEventException.class)
                .hasMessageContaining("sample without metric or timestamp");
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
