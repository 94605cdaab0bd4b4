package io.connectops.alerting.suppression;

/**
 * What keeps an alert from subscribers: a silence (maintenance windows included) by id, or the firing alert that
 * inhibits it by fingerprint. Stored in one column ({@link #column()}), read back with {@link #ofColumn(String)}.
 */
public record Suppression(Kind kind, String by) {

    public enum Kind { SILENCE, INHIBITION }

    private static final String INHIBITED_BY = "inhibited-by:";

    public static Suppression silence(String silenceId) {
        return new Suppression(Kind.SILENCE, silenceId);
    }

    public static Suppression inhibitedBy(String fingerprint) {
        return new Suppression(Kind.INHIBITION, fingerprint);
    }

    /** The silence id, or {@code inhibited-by:<fingerprint>}. */
    public String column() {
        return kind == Kind.SILENCE ? by : INHIBITED_BY + by;
    }

    /** The suppression a column holds; null for none. */
    public static Suppression ofColumn(String column) {
        if (column == null) {
            return null;
        }
        return column.startsWith(INHIBITED_BY) ? inhibitedBy(column.substring(INHIBITED_BY.length())) : silence(column);
    }
}
