package io.connectops.alerting.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.connectops.contracts.AlertEvent;
import io.connectops.contracts.MetricSample;

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

    /**
     * Applies one sample to its series and evaluates the rules on its metric.
     *
     * @param rules the enabled rules on the sample's metric
     * @return false when the sample is not newer than the series' latest one (late or redelivered): it changes nothing
     */
    public static boolean apply(SeriesState series, MetricSample sample, List<RuleSpec> rules, List<Transition> out) {
        long t = sample.timestamp().toEpochMilli();
        if (t <= series.sampleTime) {
            return false;
        }
        series.sampleTime = t;
        series.samplesApplied++;
        series.unit = sample.unit();
        series.value = sample.value();
        series.dirty = true;
        if (!sample.hasData()) {
            return true;
        }
        double value = sample.value();
        series.dataTime = t;
        long widest = 0;
        for (RuleSpec rule : rules) {
            if (rule.appliesTo(series)) {
                widest = Math.max(widest, rule.windowMillis());
            }
        }
        series.window.addLast(new SeriesState.Point(t, value));
        while (series.window.size() > 1 && series.window.peekFirst().t() <= t - widest) {
            series.window.pollFirst();
        }
        for (RuleState state : series.rules.values()) {
            state.noDataHandled = false;
        }
        for (RuleSpec rule : rules) {
            if (!rule.appliesTo(series)) {
                continue;
            }
            RuleState state = series.rules.get(rule.id());
            if (state != null && state.firingOnNoData) {
                state.firingOnNoData = false;
                state.phase = RuleState.Phase.INACTIVE;
                out.add(transition(rule, series, AlertEvent.State.RESOLVED, t, value, state.activeAt, t,
                        REASON_DATA_RETURNED));
            }
            double aggregated = aggregate(series, rule, t);
            if (Double.isNaN(aggregated)) {
                continue;
            }
            boolean holds = rule.comparator().holds(aggregated, rule.threshold());
            boolean watchesAbsence = rule.noData() == NoDataPolicy.FIRE;
            if (state == null) {
                if (!holds && !watchesAbsence) {
                    // Inactive and nothing to remember: most series, most of the time. Keeps checkpoints small.
                    continue;
                }
                state = series.ruleState(rule.id());
            }
            step(series, rule, state, holds, t, aggregated, out);
            if (state.phase == RuleState.Phase.INACTIVE && !watchesAbsence) {
                series.rules.remove(rule.id());
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
            if (rule == null || !rule.appliesTo(series)) {
                RuleSpec last = rule != null ? rule : retiredRules.get(entry.getKey());
                if (state.isActive() && last != null) {
                    out.add(transition(last, series, AlertEvent.State.RESOLVED, watermark, state.value, state.activeAt,
                            watermark, REASON_RULE_GONE));
                }
                states.remove();
                series.dirty = true;
                continue;
            }
            if (!series.hasData() || state.noDataHandled || watermark - series.dataTime < noDataAfterMillis) {
                continue;
            }
            state.noDataHandled = true;
            series.dirty = true;
            long at = series.dataTime + noDataAfterMillis;
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
        if (rule.aggregation() == Aggregation.LAST) {
            return series.window.peekLast().v();
        }
        long from = t - rule.windowMillis();
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int count = 0;
        SeriesState.Point first = null;
        SeriesState.Point last = null;
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
        if (count == 0) {
            return Double.NaN;
        }
        switch (rule.aggregation()) {
            case AVG:
                return sum / count;
            case MIN:
                return min;
            case MAX:
                return max;
            case SUM:
                return sum;
            default:
                if (count < 2 || last.v() < first.v()) {
                    // One sample has no rate; a drop is a counter reset, not a negative rate.
                    return Double.NaN;
                }
                return (last.v() - first.v()) * 1000.0 / (last.t() - first.t());
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
}
