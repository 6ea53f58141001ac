package io.dataproxy.cli.bench;

/**
 * How the load generator sends: at a fixed rate (open loop: requests go out when due whatever is in flight), or
 * flat out with a bounded number of requests in flight (closed loop: a reply frees the slot for the next request).
 *
 * @param perSecond the fixed rate, or 0 for flat out
 * @param inFlight  the bound on requests in flight when flat out
 */
record LoadShape(double perSecond, int inFlight) {

    LoadShape {
        if (perSecond < 0 || Double.isNaN(perSecond) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be positive, was " + perSecond);
        }
        if (inFlight < 1) {
            throw new IllegalArgumentException("in-flight must be at least 1, was " + inFlight);
        }
    }

    static LoadShape fixedRate(double perSecond) {
        return new LoadShape(perSecond, Integer.MAX_VALUE);
    }

    static LoadShape flatOut(int inFlight) {
        return new LoadShape(0, inFlight);
    }

    boolean isFixedRate() {
        return perSecond > 0;
    }

    String describe() {
        return isFixedRate() ? BenchReport.number(perSecond) + " req/s" : "flat out, " + inFlight + " in flight";
    }
}
