package cn.qinzhou.livelihood.benchmarks;

import java.util.List;

/**
 * How much each scenario does. {@link #quick()} gives rough figures in a few minutes; {@link #full()} the
 * figures the README quotes (20-25 minutes on two cores). Each client-count level stops at its request count
 * or its seconds, whichever comes first, so a run on a busy machine still ends in time.
 */
public record Settings(String mode, int benchProjects, int warmupRequests, List<Integer> clientCounts,
                       int requestsPerLevel, int levelSeconds, int pgbenchSeconds, List<Integer> alertRatesPerSecond,
                       int alertSeconds, int alertDrainSeconds, int scaleProjects, int fundingRequests,
                       int naiveFundingRuns, int naiveSweepSample, int sweepTimeoutSeconds,
                       int floodOthersPerSecond, int floodSeconds, int floodClients,
                       int feedSubscribers, int feedHealthyBesideStalled, int feedBurst,
                       int deliveryAlerts, int deliveryAlertsPerSecond, int deliveryBurst, int readSeconds) {

    public static Settings quick() {
        return new Settings("quick", 30_000, 300, List.of(8, 32, 128), 1_500, 20, 5, List.of(100, 500), 6, 60,
                200_000, 30, 3, 10_000, 180, 20, 10, 64, 2_000, 500, 400,
                40, 5, 400, 10);
    }

    public static Settings full() {
        return new Settings("full", 330_000, 10_000, List.of(8, 32, 128), 10_000, 60, 15, List.of(100, 500), 30, 120,
                1_000_000, 100, 10, 50_000, 300, 20, 30, 64, 10_000, 1_000, 400,
                200, 5, 400, 20);
    }
}
