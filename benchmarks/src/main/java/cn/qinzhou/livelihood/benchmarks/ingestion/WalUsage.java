package cn.qinzhou.livelihood.benchmarks.ingestion;

import cn.qinzhou.livelihood.benchmarks.fixtures.Database;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static cn.qinzhou.livelihood.benchmarks.results.Results.number;

/**
 * The write-ahead log PostgreSQL wrote, the whole cluster's: its records, the full-page images among them and its
 * bytes. A measure of the database's work that the cores' speed does not move, unlike its CPU: the same statements
 * write the same records. Full-page images are the exception: the first change of a page after a checkpoint logs the
 * whole page, so a window with a checkpoint in it has more bytes; their count says how many.
 */
final class WalUsage {

    /**
     * Each server process adds its WAL counters to {@code pg_stat_wal} at most once a second, and an idle one within 10
     * s: a snapshot taken after this long without new work holds all of it.
     */
    private static final long SETTLE_MILLIS = 11_000;

    record Snapshot(long bytes, long records, long fullPageImages) {
    }

    private final Database cluster;

    /** @param cluster any database of the cluster */
    WalUsage(Database cluster) {
        this.cluster = cluster;
    }

    /** After the settling time, so every process's counters are in. */
    Snapshot settled() {
        try {
            TimeUnit.MILLISECONDS.sleep(SETTLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        AtomicReference<Snapshot> read = new AtomicReference<>();
        cluster.forEachRow("select pg_current_wal_lsn() - '0/0', wal_records, wal_fpi from pg_stat_wal",
                row -> read.set(new Snapshot(row.getLong(1), row.getLong(2), row.getLong(3))));
        return read.get();
    }

    /** Per unit of work between two snapshots, e.g. "26.3 records (0.01 full-page images), 4,357 bytes". */
    static String per(Snapshot before, Snapshot after, long units) {
        double n = Math.max(1, units);
        return number((after.records() - before.records()) / n, 1) + " records ("
                + number((after.fullPageImages() - before.fullPageImages()) / n, 2) + " full-page images), "
                + number((after.bytes() - before.bytes()) / n, 0) + " bytes";
    }
}
