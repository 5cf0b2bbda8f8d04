package cn.qinzhou.livelihood.benchmarks.ingestion;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PgbenchCeilingTest {

    @Test
    void readsEachLoggedTransactionsLatencyInMicroseconds() {
        List<Long> micros = new ArrayList<>();

        // Lines as pgbench 15 writes them: client, transaction, latency in µs, script, epoch seconds, µs.
        PgbenchCeiling.recordLatencies(Stream.of(
                "3 1 178885 0 1796607449 421061",
                "17 1 1743 0 1796607449 398767",
                ""), micros::add);

        assertEquals(List.of(178_885L, 1_743L), micros);
    }

    @Test
    void refusesALineThatIsNoTransaction() {
        assertThrows(IllegalStateException.class,
                () -> PgbenchCeiling.recordLatencies(Stream.of("1796607449 120 4418371 ..."), micros -> { }));
    }
}
