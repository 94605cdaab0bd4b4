package io.connectops.alerting.rules;

/** What a rule does when its series stops reporting for longer than the no-data timeout. */
public enum NoDataPolicy {
    /** The alert resolves with reason "no data": silence is not evidence of a problem. */
    RESOLVE,
    /** The alert fires with reason "no data": for series whose absence is the problem (an IVR that stops). */
    FIRE
}
