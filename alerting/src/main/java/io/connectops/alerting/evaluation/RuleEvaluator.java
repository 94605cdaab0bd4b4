package io.connectops.alerting.evaluation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.connectops.alerting.alerts.Transition;
import io.connectops.alerting.rules.Aggregation;
import io.connectops.alerting.rules.NoDataPolicy;
import io.connectops.alerting.rules.RuleSpec;
import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.MetricSample;
import io.connectops.contracts.metrics.MetricCatalogue;
import io.connectops.contracts.metrics.MetricOrigin;

/**
 * The rule state machine of Prometheus (inactive → pending → firing, {@code keep_firing_for}), run on event time:
 * every duration is measured between sample timestamps, never with the wall clock, so replaying a recorded day
 * gives the same transitions as living it. Pure: no I/O, no clock.
 */
public final class RuleEvaluator {

    public static final String REASON_THRESHOLD = "threshold";
    public static final String REASON_CLEARED = "threshold no longer crossed";
    public static final String REASON_CLEARED_WHILE_PENDING = "cleared before firing";
    public static final String REASON_NO_DATA = "no data";
    public static final String REASON_DATA_RETURNED = "data returned";
    public static final String REASON_RULE_GONE = "rule removed or no longer applies";

    private static final long CONNECT_INTERVAL_MILLIS = 15 * 60_000L;

    private RuleEvaluator() {
    }

    /** A series' first sample creates its state; the labels never change afterwards (they make the key). */
    public static SeriesState newSeries(MetricSample sample) {
        SeriesState series = new SeriesState();
        series.seriesKey = sample.seriesKey();
        series.instanceId = sample.instanceId();
        series.queueId = sample.queueId();
        series.channel = sample.channel();
        series.agentId = sample.agentId();
        series.metric = sample.metric();
        return series;
    }

    /** Finds the other series of a ratio, and learns which series a ratio evaluation changed. */
    public interface SeriesLookup {
        SeriesState find(String seriesKey);

        void changed(SeriesState series);

        /** The series of a map, by key; nothing to learn of changes (the caller holds every series itself). */
        static SeriesLookup of(Map<String, SeriesState> series) {
            return new SeriesLookup() {
                @Override
                public SeriesState find(String seriesKey) {
                    return series.get(seriesKey);
                }

                @Override
                public void changed(SeriesState changed) {
                }
            };
        }

        SeriesLookup NONE = new SeriesLookup() {
            @Override
            public SeriesState find(String seriesKey) {
                return null;
            }

            @Override
            public void changed(SeriesState series) {
            }
        };
    }

    /**
     * Applies one sample to its series and evaluates the rules on its metric.
     *
     * @param rules the enabled rules on the sample's metric
     * @return false when the sample is not newer than the series' latest one (late or redelivered): it changes nothing
     */
    public static boolean apply(SeriesState series, MetricSample sample, List<RuleSpec> rules, List<Transition> out) {
        return apply(series, sample, rules, List.of(), SeriesLookup.NONE, out);
    }

    /**
     * Applies one sample to its series and evaluates the rules on its metric, and the ratio rules the sample may
     * complete.
     *
     * @param rules the enabled rules on the sample's metric (for a ratio rule, its numerator)
     * @param ratiosOver the enabled ratio rules whose denominator is the sample's metric
     * @param lookup the other series of this evaluator, to pair a numerator with its denominator
     * @return false when the sample is not newer than the series' latest one (late or redelivered): it changes nothing
     */
    public static boolean apply(SeriesState series, MetricSample sample, List<RuleSpec> rules, List<RuleSpec> ratiosOver,
            SeriesLookup lookup, List<Transition> out) {
        long t = sample.timestamp().toEpochMilli();
        if (t <= series.sampleTime) {
            return false;
        }
        series.sampleTime = t;
        series.samplesApplied++;
        series.unit = sample.unit();
        series.value = sample.value();
        series.dirty = true;
        if (!sample.hasData() || refusesUnit(series, sample.unit(), rules)) {
            // Another unit than a rule declares is not compared: for the rules it is a sample without data.
            return true;
        }
        double value = sample.value();
        if (series.hasData()) {
            series.interval = t - series.dataTime;
        }
        series.dataTime = t;
        long widest = 0;
        for (int i = 0, n = rules.size(); i < n; i++) {
            RuleSpec rule = rules.get(i);
            if (rule.windowMillis() > widest && scopeMatches(rule, series)) {
                widest = rule.windowMillis();
            }
        }
        for (int i = 0, n = ratiosOver.size(); i < n; i++) {
            RuleSpec rule = ratiosOver.get(i);
            if (rule.windowMillis() > widest && scopeMatches(rule, series)) {
                widest = rule.windowMillis();
            }
        }
        SeriesState.Point reused = null;
        while (!series.window.isEmpty() && series.window.peekFirst().t <= t - widest) {
            reused = series.window.pollFirst();
        }
        if (reused == null) {
            reused = new SeriesState.Point(t, value);
        } else {
            reused.t = t;
            reused.v = value;
        }
        series.window.addLast(reused);
        if (!series.rules.isEmpty()) {
            for (RuleState state : series.rules.values()) {
                state.noDataHandled = false;
            }
        }
        WindowStats stats = new WindowStats();
        for (int i = 0, n = rules.size(); i < n; i++) {
            RuleSpec rule = rules.get(i);
            if (!scopeMatches(rule, series)) {
                continue;
            }
            if (rule.isRatio()) {
                SeriesState denominator = lookup.find(keyOfSibling(series, rule.denominatorMetric()));
                if (denominator != null && denominator.hasData() && denominator.dataTime >= t) {
                    evaluate(series, rule, ratio(series, denominator, rule, t), t, out);
                }
                continue;
            }
            evaluate(series, rule, aggregate(series, rule, t, stats), t, out);
        }
        for (int i = 0, n = ratiosOver.size(); i < n; i++) {
            RuleSpec rule = ratiosOver.get(i);
            if (!scopeMatches(rule, series)) {
                continue;
            }
            // The denominator completes a pair its numerator is already waiting in (samples of one time come in any order).
            SeriesState numerator = lookup.find(keyOfSibling(series, rule.metric()));
            if (numerator != null && numerator.hasData() && numerator.dataTime >= t) {
                int before = out.size();
                evaluate(numerator, rule, ratio(numerator, series, rule, t), t, out);
                if (out.size() > before || numerator.rules.containsKey(rule.id())) {
                    numerator.dirty = true;
                    lookup.changed(numerator);
                }
            }
        }
        return true;
    }

    /** The key of the series of another metric with the same labels: keys end with the metric. */
    static String keyOfSibling(SeriesState series, String metric) {
        String key = series.seriesKey;
        return key.substring(0, key.length() - series.metric.length()) + metric;
    }

    private static void evaluate(SeriesState series, RuleSpec rule, double aggregated, long t, List<Transition> out) {
        RuleState state = series.rules.get(rule.id());
        if (state != null && state.firingOnNoData) {
            state.firingOnNoData = false;
            state.phase = RuleState.Phase.INACTIVE;
            out.add(transition(rule, series, AlertEvent.State.RESOLVED, t, aggregated, state.activeAt, t,
                    REASON_DATA_RETURNED));
        }
        if (Double.isNaN(aggregated)) {
            return;
        }
        boolean holds = rule.comparator().holds(aggregated, rule.threshold());
        boolean watchesAbsence = rule.noData() == NoDataPolicy.FIRE;
        if (state == null) {
            if (!holds && !watchesAbsence) {
                // Inactive and nothing to remember: most series, most of the time. Keeps checkpoints small.
                return;
            }
            state = series.ruleState(rule.id());
        }
        step(series, rule, state, holds, t, aggregated, out);
        if (state.phase == RuleState.Phase.INACTIVE && !watchesAbsence) {
            series.rules.remove(rule.id());
        }
    }

    /** Percentage of the numerator's sum over the denominator's in (t - window, t]; NaN when nothing was queued. */
    static double ratio(SeriesState numerator, SeriesState denominator, RuleSpec rule, long t) {
        long from = t - rule.windowMillis();
        double below = sum(denominator, from, t);
        if (!(below > 0)) {
            return Double.NaN;
        }
        return 100.0 * sum(numerator, from, t) / below;
    }

    private static double sum(SeriesState series, long from, long to) {
        double sum = 0;
        for (SeriesState.Point point : series.window) {
            if (point.t > from && point.t <= to) {
                sum += point.v;
            }
        }
        return sum;
    }

    /**
     * Event time without data after which a series counts as silent: the configured timeout, or two of its own
     * reporting intervals when it reports more slowly (a series of closed 15-minute intervals is not silent after 10
     * minutes).
     */
    public static long noDataAfter(SeriesState series, long configuredMillis) {
        long interval = series.interval > 0 ? series.interval : expectedIntervalMillis(series.metric);
        return Math.max(configuredMillis, 2 * interval);
    }

    private static long expectedIntervalMillis(String metric) {
        return MetricCatalogue.byName(metric)
                .filter(definition -> definition.origin() == MetricOrigin.CONNECT_INTERVAL)
                .map(definition -> CONNECT_INTERVAL_MILLIS).orElse(0L);
    }

    /**
     * One series swept at wall-clock {@code now}, as the evaluator sweeps: its instance counts as silent once nothing
     * arrived from it for {@code instanceSilentAfterMillis}, no data and retired rules are handled on the instance's
     * event time, and the answer says whether the series can now be forgotten.
     */
    public static boolean sweepAt(SeriesState series, long now, long noDataAfterMillis, long evictAfterMillis,
            long instanceSilentAfterMillis, Map<String, RuleSpec> rulesById, Map<String, RuleSpec> retiredRules,
            boolean read, List<Transition> out) {
        SeriesState.InstanceClock clock = series.clock;
        // An instance that sent nothing for a long (wall-clock) time is gone: all its series are silent.
        boolean instanceSilent = clock != null && now - clock.arrival >= instanceSilentAfterMillis;
        long watermark = instanceSilent ? Long.MAX_VALUE : clock != null ? clock.watermark : series.sampleTime;
        if (!series.rules.isEmpty()) {
            sweep(series, watermark, noDataAfterMillis, rulesById, retiredRules, out);
        }
        return evictable(series, watermark, evictAfterMillis, instanceSilent, read);
    }

    /**
     * Whether an enabled rule reads a series of these labels: a rule on its metric, or a ratio dividing by it, whose
     * scope (instance, queue, channel) is the series'. Nothing of a series no rule reads is worth remembering.
     *
     * @param onMetric the enabled rules on the series' metric
     * @param ratiosOver the enabled ratio rules whose denominator is the series' metric
     */
    public static boolean reads(List<RuleSpec> onMetric, List<RuleSpec> ratiosOver, String instanceId, String queueId,
            String channel) {
        for (int i = 0, n = onMetric.size(); i < n; i++) {
            if (onMetric.get(i).scopeMatches(instanceId, queueId, channel)) {
                return true;
            }
        }
        for (int i = 0, n = ratiosOver.size(); i < n; i++) {
            if (ratiosOver.get(i).scopeMatches(instanceId, queueId, channel)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #reads(List, List, String, String, String)} for a series the evaluator holds. */
    public static boolean reads(List<RuleSpec> onMetric, List<RuleSpec> ratiosOver, SeriesState series) {
        return reads(onMetric, ratiosOver, series.instanceId, series.queueId, series.channel);
    }

    /**
     * Whether a series can be forgotten: no rule reads it ({@code read} false), or it was silent for
     * {@code evictAfterMillis} of event time (or {@code instanceSilent}); and no alert of it is open. An alert firing
     * because the series is absent keeps it.
     */
    public static boolean evictable(SeriesState series, long watermark, long evictAfterMillis, boolean instanceSilent,
            boolean read) {
        if (read && !instanceSilent && watermark - series.sampleTime < evictAfterMillis) {
            return false;
        }
        for (RuleState state : series.rules.values()) {
            if (state.isActive()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Handles series that stopped reporting and rule states whose rule is gone or no longer applies: called with the
     * event-time watermark of the series' instance (the newest sample time seen for it).
     *
     * @param retiredRules rules deleted or disabled since they were evaluated, to resolve their open alerts
     */
    public static void sweep(SeriesState series, long watermark, long noDataAfterMillis, Map<String, RuleSpec> rulesById,
            Map<String, RuleSpec> retiredRules, List<Transition> out) {
        Iterator<Map.Entry<String, RuleState>> states = series.rules.entrySet().iterator();
        while (states.hasNext()) {
            Map.Entry<String, RuleState> entry = states.next();
            RuleState state = entry.getValue();
            RuleSpec rule = rulesById.get(entry.getKey());
            if (rule == null || !appliesTo(rule, series)) {
                RuleSpec last = rule != null ? rule : retiredRules.get(entry.getKey());
                if (state.isActive() && last != null) {
                    out.add(transition(last, series, AlertEvent.State.RESOLVED, watermark, state.value, state.activeAt,
                            watermark, REASON_RULE_GONE));
                }
                states.remove();
                series.dirty = true;
                continue;
            }
            long silentAfter = noDataAfter(series, noDataAfterMillis);
            if (!series.hasData() || state.noDataHandled || watermark - series.dataTime < silentAfter) {
                continue;
            }
            state.noDataHandled = true;
            series.dirty = true;
            long at = series.dataTime + silentAfter;
            if (rule.noData() == NoDataPolicy.RESOLVE && state.isActive()) {
                state.phase = RuleState.Phase.INACTIVE;
                state.keepFiringSince = 0;
                out.add(transition(rule, series, AlertEvent.State.RESOLVED, at, null, state.activeAt, at, REASON_NO_DATA));
            } else if (rule.noData() == NoDataPolicy.FIRE && !state.firingOnNoData) {
                state.firingOnNoData = true;
                if (state.phase != RuleState.Phase.FIRING) {
                    state.phase = RuleState.Phase.FIRING;
                    state.activeAt = at;
                    out.add(transition(rule, series, AlertEvent.State.FIRING, at, null, at, null, REASON_NO_DATA));
                }
            }
        }
    }

    private static void step(SeriesState series, RuleSpec rule, RuleState state, boolean holds, long t, double value,
            List<Transition> out) {
        state.value = value;
        switch (state.phase) {
            case INACTIVE:
                if (holds) {
                    state.activeAt = t;
                    state.keepFiringSince = 0;
                    if (rule.forMillis() == 0) {
                        state.phase = RuleState.Phase.FIRING;
                        out.add(transition(rule, series, AlertEvent.State.FIRING, t, value, t, null, REASON_THRESHOLD));
                    } else {
                        state.phase = RuleState.Phase.PENDING;
                        out.add(transition(rule, series, AlertEvent.State.PENDING, t, value, t, null, REASON_THRESHOLD));
                    }
                }
                break;
            case PENDING:
                if (!holds) {
                    state.phase = RuleState.Phase.INACTIVE;
                    out.add(transition(rule, series, AlertEvent.State.RESOLVED, t, value, state.activeAt, t,
                            REASON_CLEARED_WHILE_PENDING));
                } else if (t - state.activeAt >= rule.forMillis()) {
                    state.phase = RuleState.Phase.FIRING;
                    out.add(transition(rule, series, AlertEvent.State.FIRING, t, value, state.activeAt, null,
                            REASON_THRESHOLD));
                }
                break;
            default:
                if (holds) {
                    state.keepFiringSince = 0;
                    break;
                }
                if (state.keepFiringSince == 0) {
                    state.keepFiringSince = t;
                }
                if (t - state.keepFiringSince >= rule.keepFiringForMillis()) {
                    state.phase = RuleState.Phase.INACTIVE;
                    state.keepFiringSince = 0;
                    out.add(transition(rule, series, AlertEvent.State.RESOLVED, t, value, state.activeAt, t,
                            REASON_CLEARED));
                }
                break;
        }
    }

    /** The rule's aggregation over the samples in (t - window, t]; NaN when there is not enough data (rate). */
    static double aggregate(SeriesState series, RuleSpec rule, long t) {
        return aggregate(series, rule, t, new WindowStats());
    }

    /**
     * As {@link #aggregate(SeriesState, RuleSpec, long)}, reusing the pass over the window that an earlier rule of the
     * same window already made: the rules of a metric mostly share a few windows, and walking the window once per rule
     * was most of the cost of a sample.
     */
    private static double aggregate(SeriesState series, RuleSpec rule, long t, WindowStats stats) {
        if (rule.aggregation() == Aggregation.LAST) {
            return series.window.peekLast().v();
        }
        stats.cover(series, t - rule.windowMillis());
        if (stats.count == 0) {
            return Double.NaN;
        }
        switch (rule.aggregation()) {
            case AVG:
                return stats.sum / stats.count;
            case MIN:
                return stats.min;
            case MAX:
                return stats.max;
            case SUM:
                return stats.sum;
            case RATIO:
                return Double.NaN;
            default:
                SeriesState.Point first = stats.first;
                SeriesState.Point last = stats.last;
                if (stats.count < 2 || last.v() < first.v()) {
                    // One sample has no rate; a drop is a counter reset, not a negative rate.
                    return Double.NaN;
                }
                return (last.v() - first.v()) * 1000.0 / (last.t() - first.t());
        }
    }

    /** Sum, minimum, maximum, first and last of a series' window after one start time, computed once per start. */
    private static final class WindowStats {
        private boolean computed;
        private long from;
        double sum;
        double min;
        double max;
        int count;
        SeriesState.Point first;
        SeriesState.Point last;

        void cover(SeriesState series, long from) {
            if (computed && this.from == from) {
                return;
            }
            computed = true;
            this.from = from;
            sum = 0;
            min = Double.POSITIVE_INFINITY;
            max = Double.NEGATIVE_INFINITY;
            count = 0;
            first = null;
            last = null;
            for (SeriesState.Point point : series.window) {
                if (point.t() <= from) {
                    continue;
                }
                if (first == null) {
                    first = point;
                }
                last = point;
                sum += point.v();
                min = Math.min(min, point.v());
                max = Math.max(max, point.v());
                count++;
            }
        }
    }

    private static Transition transition(RuleSpec rule, SeriesState series, AlertEvent.State state, long at,
            Double value, long startsAt, Long endsAt, String reason) {
        return new Transition(rule, fingerprint(rule.id(), series.seriesKey), series.seriesKey, series.instanceId,
                series.queueId, series.channel, series.agentId, series.metric, state, Instant.ofEpochMilli(at), value,
                Instant.ofEpochMilli(startsAt), endsAt == null ? null : Instant.ofEpochMilli(endsAt), reason);
    }

    /** Stable identity of an alert: the rule and the series it watches. */
    public static String fingerprint(String ruleId, String seriesKey) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] hash = digest.digest((ruleId + "\n" + seriesKey).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a rule watching the series declares another unit than {@code unit}: such a sample counts as no data. */
    public static boolean refusesUnit(SeriesState series, String unit, List<RuleSpec> rules) {
        for (int i = 0, n = rules.size(); i < n; i++) {
            RuleSpec rule = rules.get(i);
            if (!rule.admitsUnit(unit) && scopeMatches(rule, series)) {
                return true;
            }
        }
        return false;
    }

    private static boolean scopeMatches(RuleSpec rule, SeriesState series) {
        return rule.scopeMatches(series.instanceId, series.queueId, series.channel);
    }

    private static boolean appliesTo(RuleSpec rule, SeriesState series) {
        return rule.metric().equals(series.metric) && scopeMatches(rule, series);
    }
}
