package cn.qinzhou.livelihood.benchmarks.footprint;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CpuMeterTest {

    @Test
    void theCostOfAReportCountsEveryProcessButTheLoadGenerator() {
        Map<String, Double> before = snapshot(1_000, 2_000, 500, 300, 100);
        Map<String, Double> after = snapshot(1_600, 2_200, 1_100, 400, 700);

        // 600 + 200 + 600 + 100 ms over 1,000 reports; the load generator's 600 ms are reported apart.
        assertThat(CpuMeter.totalPerRequest(before, after, 1_000)).isCloseTo(1.5, within(1e-9));
        assertThat(CpuMeter.perRequest(before, after, 1_000))
                .isEqualTo("CPU ms/request: progress 0.6 notification 0.2 postgres 0.6 broker 0.1 load-generator 0.6");
    }

    private static Map<String, Double> snapshot(double progress, double notification, double postgres, double broker,
                                                double loadGenerator) {
        Map<String, Double> used = new LinkedHashMap<>();
        used.put("progress-service", progress);
        used.put("notification-service", notification);
        used.put("postgres", postgres);
        used.put("broker", broker);
        used.put("load-generator", loadGenerator);
        return used;
    }
}
