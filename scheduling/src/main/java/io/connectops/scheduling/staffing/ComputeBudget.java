package io.connectops.scheduling.staffing;

/**
 * The inner-loop steps one request may spend on staffing maths (one Erlang B step, one state of the Erlang A chain,
 * one position of one uniformization step). Counting steps rather than watching a clock keeps the limit
 * deterministic: the same request is accepted or refused on any machine, whatever else it is running. Not
 * thread-safe: one budget per request.
 */
public final class ComputeBudget {

    /**
     * Steps for one request. A step of Erlang A's arrays costs 1–15 ns on one core here (the higher figures on this
     * machine under a load average of 20), an Erlang B step is counted as four: the maths of one request stay
     * well under a second. Realistic loads need far less: a week of half-hours at 1,000 Erlangs under Erlang C
     * about 0.5 M steps, one Erlang A search at 1,000 Erlangs about 0.1 M. StaffingInputBoundsTest prints the
     * measured figures.
     */
    public static final long PER_REQUEST = 40_000_000L;

    private final long limit;
    private long spent;

    private ComputeBudget(long limit) {
        this.limit = limit;
    }

    public static ComputeBudget of(long steps) {
        return new ComputeBudget(steps);
    }

    public static ComputeBudget perRequest() {
        return new ComputeBudget(PER_REQUEST);
    }

    /** Spends before the work is done, so that a refused computation costs nothing. */
    public void spend(long steps, String what) {
        if (steps < 0 || steps > limit - spent) {
            throw new StaffingLimitException(what + " needs more computation than one request may use ("
                    + limit + " steps)");
        }
        spent += steps;
    }

    public long spent() {
        return spent;
    }
}
