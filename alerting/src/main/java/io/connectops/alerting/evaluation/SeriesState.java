package io.connectops.alerting.evaluation;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * Everything the evaluator remembers about one series: its latest sample, the samples still inside the widest rule
 * window, and the state of every rule applied to it. Checkpointed as JSON with the partition's offset.
 */
public class SeriesState {

    public String seriesKey;
    public String instanceId;
    public String queueId;
    public String channel;
    public String agentId;
    public String metric;
    public String unit;
    public Double value;
    /** Event time of the latest sample, with or without data; older samples are late or redelivered. */
    public long sampleTime = Long.MIN_VALUE;
    /** Event time of the latest sample that carried a value; the no-data timeout counts from it. */
    public long dataTime = Long.MIN_VALUE;
    public long samplesApplied;
    /** Event time between its two latest samples with a value: how often the series reports. 0 until known. */
    public long interval;
    /** The samples inside the widest rule window, in memory; checkpoints carry them as {@link #packedWindow}. */
    @JsonIgnore
    public ArrayDeque<Point> window = new ArrayDeque<>();
    /** The window in checkpoints: base64 of (time, value) pairs, far smaller and faster than doubles as JSON text. */
    public String packedWindow;
    public Map<String, RuleState> rules = new HashMap<>();

    /** Changed since the last checkpoint. */
    @JsonIgnore
    public boolean dirty;

    /** The clock of the series' Connect instance in the evaluator that holds it; never checkpointed. */
    @JsonIgnore
    public InstanceClock clock;

    /**
     * Event time and wall-clock arrival of the newest sample of one Connect instance, shared by all its series: the
     * no-data timeout runs on the instance's event time, and only the wall clock tells that a whole instance went away.
     */
    public static final class InstanceClock {
        /** Newest sample time of the instance. */
        public long watermark = Long.MIN_VALUE;
        /** Wall-clock time at which its latest sample was evaluated. */
        public long arrival;

        public void advance(long sampleTime, long now) {
            if (sampleTime > watermark) {
                watermark = sampleTime;
            }
            arrival = now;
        }
    }

    /** One sample inside the window (a plain class: checkpoints serialise public fields only). */
    public static final class Point {
        public long t;
        public double v;

        public Point() {
        }

        public Point(long t, double v) {
            this.t = t;
            this.v = v;
        }

        public long t() {
            return t;
        }

        public double v() {
            return v;
        }
    }

    /** Fills {@link #packedWindow} for a checkpoint. */
    public void packWindow() {
        ByteBuffer buffer = ByteBuffer.allocate(window.size() * 16);
        for (Point point : window) {
            buffer.putLong(point.t).putDouble(point.v);
        }
        packedWindow = Base64.getEncoder().encodeToString(buffer.array());
    }

    /** Restores the window from a checkpoint, and forgets the packed copy. */
    public void unpackWindow() {
        if (packedWindow != null) {
            ByteBuffer buffer = ByteBuffer.wrap(Base64.getDecoder().decode(packedWindow));
            window = new ArrayDeque<>(buffer.remaining() / 16);
            while (buffer.remaining() >= 16) {
                window.addLast(new Point(buffer.getLong(), buffer.getDouble()));
            }
            packedWindow = null;
        }
    }

    public RuleState ruleState(String ruleId) {
        return rules.computeIfAbsent(ruleId, id -> new RuleState());
    }

    public boolean hasData() {
        return dataTime != Long.MIN_VALUE;
    }
}
