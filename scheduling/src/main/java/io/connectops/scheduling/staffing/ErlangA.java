package io.connectops.scheduling.staffing;

import java.util.Arrays;

/**
 * Erlang A (M/M/N+M): callers hang up after an exponential patience. Solved exactly from the birth–death chain
 * (births at the arrival rate, deaths {@code min(n,N)·μ + max(n−N,0)·θ}), truncated once the tail is below 1e-15
 * of the mass; the service level comes from the tagged-caller chain by uniformization. Stable under any load,
 * because abandonment keeps the queue finite. The chain is at most {@value #MAX_STATES} states long and all the work
 * is spent from a {@link ComputeBudget}: a huge patience on an overloaded queue makes the queue, and so the chain,
 * as long as the contacts arriving in one patience.
 */
public final class ErlangA {

    private static final double TAIL = 1e-15;

    /** Longest chain solved: 8 MB of doubles, reached only by a queue far beyond any real centre's. */
    static final int MAX_STATES = 1_000_000;

    private ErlangA() {
    }

    public static QueuePerformance evaluate(QueueLoad load, int agents, double patienceSeconds) {
        return evaluate(load, agents, patienceSeconds, ComputeBudget.perRequest());
    }

    public static QueuePerformance evaluate(QueueLoad load, int agents, double patienceSeconds,
            ComputeBudget budget) {
        if (!(patienceSeconds > 0) || Double.isInfinite(patienceSeconds)) {
            throw new IllegalArgumentException("patienceSeconds must be positive");
        }
        if (agents <= 0) {
            throw new IllegalArgumentException("agents must be positive under Erlang A");
        }
        double arrival = load.arrivalsPerSecond();
        double traffic = load.trafficErlangs();
        if (arrival <= 0) {
            return new QueuePerformance(agents, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0);
        }
        double service = 1.0 / load.ahtSeconds();
        double abandon = 1.0 / patienceSeconds;
        double[] states = stationaryDistribution(agents, arrival, service, abandon, budget);

        double waitProbability = 0;
        double queueLength = 0;
        double servedAtOnce = 0;
        for (int n = 0; n < states.length; n++) {
            if (n < agents) {
                servedAtOnce += states[n];
            } else {
                waitProbability += states[n];
                queueLength += (n - agents) * states[n];
            }
        }
        double abandonProbability = abandon * queueLength / arrival;
        double occupancy = arrival * (1 - abandonProbability) / (agents * service);
        double asaSeconds = queueLength / arrival;

        int maxAhead = states.length - 1 - agents;
        double[] servedWithin = delayedServedWithin(agents, maxAhead, load.serviceLevelSeconds(), service, abandon,
                budget);
        double serviceLevel = servedAtOnce;
        for (int n = agents; n < states.length; n++) {
            serviceLevel += states[n] * servedWithin[n - agents];
        }
        return new QueuePerformance(agents, traffic, waitProbability, ErlangC.clamp(serviceLevel), asaSeconds,
                occupancy, abandonProbability);
    }

    private static double[] stationaryDistribution(int agents, double arrival, double service, double abandon,
            ComputeBudget budget) {
        double[] terms = new double[Math.min(agents + 64, MAX_STATES)];
        terms[0] = 1.0;
        int size = 1;
        double total = 1.0;
        double last = 1.0;
        for (int n = 1; ; n++) {
            if (n >= MAX_STATES) {
                throw new StaffingLimitException("the Erlang A queue of this load is longer than " + MAX_STATES
                        + " states");
            }
            double death = Math.min(n, agents) * service + Math.max(n - agents, 0) * abandon;
            last = last * arrival / death;
            if (size == terms.length) {
                budget.spend(size, "Erlang A");
                terms = Arrays.copyOf(terms, (int) Math.min((long) size * 2, MAX_STATES));
            }
            terms[size++] = last;
            total += last;
            if (n > agents && last < TAIL * total) {
                break;
            }
            if (last > 1e250) {
                budget.spend(size, "Erlang A");
                for (int i = 0; i < size; i++) {
                    terms[i] = terms[i] / 1e250;
                }
                total /= 1e250;
                last /= 1e250;
            }
        }
        budget.spend(2L * size, "Erlang A");
        double[] distribution = new double[size];
        for (int i = 0; i < distribution.length; i++) {
            distribution[i] = terms[i] / total;
        }
        return distribution;
    }

    /**
     * {@code G[j]}: probability that a caller with {@code j} callers ahead is answered within {@code t}. All start
     * positions are solved at once: after k uniformized steps, {@code S_k[j] = p_adv(j)·S_{k−1}[j−1] +
     * p_stay(j)·S_{k−1}[j]} with {@code S_{k−1}[−1] = 1} (answered is absorbing).
     */
    private static double[] delayedServedWithin(int agents, int maxAhead, double t, double service, double abandon,
            ComputeBudget budget) {
        int positions = maxAhead + 1;
        double[] result = new double[positions];
        if (t <= 0) {
            return result;
        }
        double uniformRate = agents * service + maxAhead * abandon + abandon;
        double lambdaT = uniformRate * t;
        double stepCount = lambdaT + 10 * Math.sqrt(lambdaT) + 50;
        // Spent before the loop: a refused load costs nothing. The double product cannot overflow a long here.
        budget.spend(stepCount * positions >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) stepCount * positions,
                "Erlang A");
        long steps = (long) stepCount;
        // The same quotients the recursion divided out at every step, computed once: identical values.
        double[] advanceShare = new double[positions];
        double[] stayShare = new double[positions];
        for (int j = 0; j < positions; j++) {
            double advance = agents * service + j * abandon;
            double stay = uniformRate - advance - abandon;
            advanceShare[j] = advance / uniformRate;
            stayShare[j] = stay / uniformRate;
        }
        double[] served = new double[positions];
        double[] next = new double[positions];
        double logPoisson = -lambdaT;
        for (long k = 1; k <= steps; k++) {
            for (int j = 0; j < positions; j++) {
                double ahead = j == 0 ? 1.0 : served[j - 1];
                next[j] = advanceShare[j] * ahead + stayShare[j] * served[j];
            }
            double[] swap = served;
            served = next;
            next = swap;
            logPoisson += Math.log(lambdaT / k);
            double weight = Math.exp(logPoisson);
            for (int j = 0; j < positions; j++) {
                result[j] += weight * served[j];
            }
        }
        return result;
    }
}
