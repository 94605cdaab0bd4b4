package io.connectops.alerting.evaluation;

/** Where one rule stands on one series. Times are event times in epoch milliseconds; 0 means unset. */
public class RuleState {

    public enum Phase { INACTIVE, PENDING, FIRING }

    public Phase phase = Phase.INACTIVE;
    /** When the condition started to hold (or data stopped, for a rule that fires on no data). */
    public long activeAt;
    /** When the condition stopped holding while firing; the alert resolves once keepFiringFor has passed. */
    public long keepFiringSince;
    /** The alert is firing because its series stopped reporting. */
    public boolean firingOnNoData;
    /** The no-data timeout was handled for the current silence of the series. */
    public boolean noDataHandled;
    public double value;

    public boolean isActive() {
        return phase != Phase.INACTIVE;
    }
}
