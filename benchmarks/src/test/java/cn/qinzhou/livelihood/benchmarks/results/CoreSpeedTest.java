package cn.qinzhou.livelihood.benchmarks.results;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CoreSpeedTest {

    @Test
    void theProbeSaysHowMuchCpuTheFixedWorkTookOnThisThread() {
        // Sorting two million integers takes tens to hundreds of milliseconds on any machine these tests run on.
        assertThat(CoreSpeed.bestMillis()).isBetween(1.0, 5_000.0);
        assertThat(CoreSpeed.probe()).matches("one core: [0-9,]+ ms of CPU to sort 2,000,000 integers \\(best of 7; lower is faster\\)");
    }
}
