package io.connectops.scheduling.staffing;

/**
 * The work offered to one queue in one interval.
 *
 * @param contacts arrivals in the interval
 * @param intervalSeconds length of the interval
 * @param ahtSeconds average handle time
 * @param serviceLevelSeconds answer-time threshold of the service level ("80 % within 20 s")
 */
public record QueueLoad(double contacts, int intervalSeconds, double ahtSeconds, double serviceLevelSeconds) {

    public QueueLoad {
        if (!(contacts >= 0) || Double.isInfinite(contacts)) {
            throw new IllegalArgumentException("contacts must be zero or more");
        }
        if (intervalSeconds <= 0) {
            throw new IllegalArgumentException("intervalSeconds must be positive");
        }
        if (!(ahtSeconds > 0) || Double.isInfinite(ahtSeconds)) {
            throw new IllegalArgumentException("ahtSeconds must be positive");
        }
        if (!(serviceLevelSeconds >= 0) || Double.isInfinite(serviceLevelSeconds)) {
            throw new IllegalArgumentException("serviceLevelSeconds must be zero or more");
        }
    }

    /** Offered traffic in Erlangs: arrival rate times handle time. */
    public double trafficErlangs() {
        return contacts * ahtSeconds / intervalSeconds;
    }

    public double arrivalsPerSecond() {
        return contacts / intervalSeconds;
    }
}
