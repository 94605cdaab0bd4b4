package io.connectops.alerting.domain;

import java.util.ArrayDeque;
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
    public ArrayDeque<Point> window = new ArrayDeque<>();
    public Map<String, RuleState> rules = new HashMap<>();

    /** Changed since the last checkpoint. */
    @JsonIgnore
    public boolean dirty;

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

    public RuleState ruleState(String ruleId) {
        return rules.computeIfAbsent(ruleId, id -> new RuleState());
    }

    public boolean hasData() {
        return dataTime != Long.MIN_VALUE;
    }
}
