package cn.qinzhou.livelihood.benchmarks.reads;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WrkOutputTest {

    private static final String OUTPUT = """
            Running 10s test @ http://127.0.0.1:8082/projects/B0000001/reports/2024-08
              1 threads and 32 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency    10.21ms    5.12ms  92.40ms   80.00%
                Req/Sec     3.20k   210.00     3.60k    70.00%
              Latency Distribution
                 50%    9.87ms
                 75%   12.00ms
                 90%   15.31ms
                 99%  850.00us
              31966 requests in 10.01s, 30.12MB read
              Socket errors: connect 0, read 2, write 0, timeout 1
              Non-2xx or 3xx responses: 4
            Requests/sec:   3193.45
            Transfer/sec:      3.01MB
            """;

    @Test
    void readsTheRateTheMedianAndTheP99InMillisecondsAndCountsEveryFailure() {
        ReadsBenchmark.WrkRun run = ReadsBenchmark.parse(OUTPUT, 120);

        assertEquals(31966, run.requests());
        assertEquals(10.01, run.seconds(), 1e-9);
        assertEquals(3193.45, run.rate(), 1e-9);
        assertEquals(9.87, run.p50Millis(), 1e-9);
        assertEquals(0.85, run.p99Millis(), 1e-9);
        assertEquals(7, run.failures());
        assertEquals(120, run.cpuMillis(), 1e-9);
    }

    @Test
    void refusesOutputWithoutARate() {
        assertThrows(IllegalStateException.class, () -> ReadsBenchmark.parse("unable to connect to 127.0.0.1:1", 0));
    }
}
