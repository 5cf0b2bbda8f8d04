package cn.qinzhou.livelihood.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

import static cn.qinzhou.livelihood.benchmarks.results.Results.number;

/**
 * Uncounted rounds of the measured requests until their rate stops rising. The services' JVMs compile hot code with
 * C2 only after many calls (their raised Tier4 thresholds), in steps with plateaus between them, so a fixed short
 * warm-up measures code still half interpreted, and two runs of the same scenario disagree.
 */
public final class WarmUp {

    private WarmUp() {
    }

    /**
     * Runs at least {@code minRounds}, then until two rounds in a row bring no 5 % over the best before them, at most
     * {@code maxRounds}.
     *
     * @param round one round; returns its rate per second
     * @return the rounds' rates, for the figures' notes ("a, b, c/s")
     */
    public static String untilSteady(int minRounds, int maxRounds, DoubleSupplier round) {
        List<String> rates = new ArrayList<>();
        double best = 0;
        int flat = 0;
        for (int i = 0; i < maxRounds && (i < minRounds || flat < 2); i++) {
            double rate = round.getAsDouble();
            rates.add(number(rate, 0));
            flat = rate < best * 1.05 ? flat + 1 : 0;
            best = Math.max(best, rate);
        }
        return String.join(", ", rates) + "/s";
    }
}
