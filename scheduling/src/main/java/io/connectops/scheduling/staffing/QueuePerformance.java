package io.connectops.scheduling.staffing;

/**
 * What a queue achieves with a given number of agents.
 *
 * @param asaSeconds average speed of answer over all contacts; {@code null} when the queue is overloaded and
 *         waits grow without bound
 * @param abandonProbability share of contacts that hang up before an answer; {@code null} under Erlang C, which
 *         assumes infinite patience
 */
public record QueuePerformance(
        int agents,
        double trafficErlangs,
        double waitProbability,
        double serviceLevel,
        Double asaSeconds,
        double occupancy,
        Double abandonProbability) {

    /** Agents not above the traffic cannot keep up: an Erlang C queue grows without bound. */
    public boolean overloaded() {
        return asaSeconds == null;
    }
}
