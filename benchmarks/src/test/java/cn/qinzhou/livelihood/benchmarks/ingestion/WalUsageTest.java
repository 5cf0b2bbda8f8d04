package cn.qinzhou.livelihood.benchmarks.ingestion;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WalUsageTest {

    @Test
    void givesTheLogARecordsImagesAndBytesPerUnitOfWork() {
        WalUsage.Snapshot before = new WalUsage.Snapshot(1_000_000, 5_000, 10);
        WalUsage.Snapshot after = new WalUsage.Snapshot(1_000_000 + 45_170_000, 5_000 + 261_000, 10 + 300);

        assertEquals("26.1 records (0.03 full-page images), 4,517 bytes", WalUsage.per(before, after, 10_000));
    }

    @Test
    void countsNoWorkAsOneUnitRatherThanDividingByZero() {
        WalUsage.Snapshot same = new WalUsage.Snapshot(100, 2, 0);

        assertEquals("0.0 records (0.00 full-page images), 0 bytes", WalUsage.per(same, same, 0));
    }
}
