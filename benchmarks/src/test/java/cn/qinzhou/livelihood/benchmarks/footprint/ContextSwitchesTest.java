package cn.qinzhou.livelihood.benchmarks.footprint;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ContextSwitchesTest {

    @Test
    void readsBothCountsOfAThreadsStatus() {
        String status = """
                Name:\texecutor-thread-1
                State:\tS (sleeping)
                voluntary_ctxt_switches:\t41865
                nonvoluntary_ctxt_switches:\t3093
                """;

        assertEquals(new ContextSwitches.Count(41_865, 3_093), ContextSwitches.parse(status));
    }

    @Test
    void givesEachServicesSwitchesPerUnitOfWorkVoluntaryFirst() {
        Map<String, ContextSwitches.Count> before = new LinkedHashMap<>();
        before.put("progress-service", new ContextSwitches.Count(1_000, 500));
        before.put("notification-service", new ContextSwitches.Count(10, 0));
        Map<String, ContextSwitches.Count> after = new LinkedHashMap<>();
        after.put("progress-service", new ContextSwitches.Count(1_000 + 18_600, 500 + 28_000));
        after.put("notification-service", new ContextSwitches.Count(10 + 3_000, 1_250));

        assertEquals("progress 1.86 / 2.80, notification 0.30 / 0.13", ContextSwitches.per(before, after, 10_000));
    }
}
