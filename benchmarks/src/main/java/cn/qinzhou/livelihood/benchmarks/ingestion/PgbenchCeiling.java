package cn.qinzhou.livelihood.benchmarks.ingestion;

import cn.qinzhou.livelihood.benchmarks.fixtures.Database;
import cn.qinzhou.livelihood.benchmarks.load.LatencyHistograms;
import cn.qinzhou.livelihood.testsupport.LocalPostgres;
import cn.qinzhou.livelihood.testsupport.ScratchDirectories;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What PostgreSQL alone manages for the shape of a report's first submission, as progress-service's
 * {@code ReportStore} writes it: pgbench, one transaction per report with one read (the project, out of 100,000) and
 * one write statement carrying three rows (the report, unique on project and period; its first version with the
 * ~1 KB content; the ~1 KB outbox row of its event), at the same client count and on the same machine as the
 * service run. The service's throughput divided by this is its share of the ceiling.
 * <p>
 * Its latencies too. A closed loop's average latency is its clients over its rate, and a service whose every request
 * makes this write cannot outrun it, so at the same client count its average cannot be below pgbench's; pgbench's p99
 * is the tail the machine gives the write alone. A tenth of the transactions is logged ({@code --sampling-rate}), so
 * the log costs pgbench next to nothing.
 */
public final class PgbenchCeiling implements AutoCloseable {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");
    private static final Pattern TRANSACTIONS = Pattern.compile("number of transactions actually processed: ([0-9]+)");

    /** The logged share of transactions: thousands at a level's rate, enough for a p99. */
    static final double LOGGED_SHARE = 0.1;

    public record Ceiling(int clients, long transactions, double transactionsPerSecond, double averageLatencyMillis,
                          Histogram latencies) {

        public double percentileMillis(double percentile) {
            return latencies.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private final LocalPostgres postgres = new LocalPostgres();
    private final Path script;
    private final Path pgbench;

    public PgbenchCeiling() {
        pgbench = locatePgbench();
        postgres.createDatabase("bench_pgbench");
        Database database = new Database(postgres);
        database.update("""
                create table project_shape (
                    id           text primary key,
                    lead_unit_id text    not null,
                    annual_plan  numeric not null)""");
        database.update("""
                insert into project_shape select 'Q' || n, 'unit-' || (n % 100), 1000000 from generate_series(1, 100000) n""");
        database.update("""
                create table report_shape (
                    id          bigserial primary key,
                    project_id  text        not null,
                    period      text        not null,
                    received_at timestamptz not null default now(),
                    unique (project_id, period))""");
        database.update("""
                create table report_version_shape (
                    report_id bigint  not null references report_shape (id),
                    version   integer not null,
                    content   text    not null,
                    primary key (report_id, version))""");
        database.update("""
                create table outbox_shape (
                    id           bigserial primary key,
                    topic        text        not null,
                    aggregate_id text        not null,
                    payload      text        not null,
                    created_at   timestamptz not null default now(),
                    published_at timestamptz)""");
        database.update("create index outbox_shape_unpublished on outbox_shape (id) where published_at is null");
        try {
            script = Files.createTempFile("report-shape-", ".sql");
            // 340 × '进' = 1,020 bytes of UTF-8. A repeated (project, period) aborts its client and fails the run: with
            // 10^12 keys, a run's few hundred thousand transactions have about a 2 % chance of one; with 9 × 10^18, a
            // few in a billion.
            Files.writeString(script, """
                    \\set p random(1, 9000000000000000000)
                    \\set q random(1, 100000)
                    begin;
                    select id, lead_unit_id, annual_plan from project_shape where id = 'Q' || :q;
                    with report as (insert into report_shape (project_id, period) values ('P' || :p, '2024-08') returning id), version as (insert into report_version_shape (report_id, version, content) select id, 1, repeat('进', 340) from report) insert into outbox_shape (topic, aggregate_id, payload) values ('livelihood.progress.events', 'P' || :p, repeat('进', 340));
                    commit;
                    """, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Ceiling run(int clients, int seconds) {
        Path logs = null;
        try {
            logs = Files.createTempDirectory("pgbench-log-");
            List<String> command = List.of(pgbench.toString(), "-n", "-M", "prepared", "-c", Integer.toString(clients),
                    "-j", Integer.toString(Math.min(clients, Runtime.getRuntime().availableProcessors())),
                    "-T", Integer.toString(seconds), "-f", script.toString(),
                    "--log", "--sampling-rate=" + LOGGED_SHARE, "--log-prefix=" + logs.resolve("transactions"),
                    "-h", host(), "-p", port(), "-U", postgres.user(), database());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("PGPASSWORD", postgres.password());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("pgbench failed: " + output);
            }
            awaitBackendsEnded();
            Histogram latencies = LatencyHistograms.concurrent();
            // One log per pgbench thread.
            try (Stream<Path> files = Files.list(logs)) {
                for (Path file : files.toList()) {
                    try (Stream<String> lines = Files.lines(file)) {
                        recordLatencies(lines, micros -> LatencyHistograms.record(latencies, TimeUnit.MICROSECONDS.toNanos(micros)));
                    }
                }
            }
            if (latencies.getTotalCount() == 0) {
                throw new IllegalStateException("pgbench logged no transaction: " + output);
            }
            return new Ceiling(clients, (long) find(TRANSACTIONS, output), find(TPS, output), find(LATENCY, output), latencies);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            ScratchDirectories.deleteQuietly(logs);
        }
    }

    /**
     * A transaction's latency in microseconds, the third field of each line of pgbench's per-transaction log
     * ({@code client transaction latency script epoch microseconds}).
     */
    static void recordLatencies(Stream<String> logLines, LongConsumer micros) {
        logLines.filter(line -> !line.isBlank()).forEach(line -> {
            String[] fields = line.trim().split(" ");
            if (fields.length < 6) {
                throw new IllegalStateException("not a pgbench transaction log line: " + line);
            }
            micros.accept(Long.parseLong(fields[2]));
        });
    }

    /**
     * pgbench's server processes end a moment after it does; the next level's CPU snapshot must not see them end (their
     * CPU would move from the live processes to the postmaster's reaped children inside that level).
     */
    private void awaitBackendsEnded() throws InterruptedException {
        Database database = new Database(postgres);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (database.single("select count(*) from pg_stat_activity where datname = current_database()"
                + " and pid <> pg_backend_pid()") > 0 && System.nanoTime() < until) {
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        postgres.dropDatabase();
        try {
            Files.deleteIfExists(script);
        } catch (IOException ignored) {
            // a temporary file; nothing depends on it
        }
    }

    private static double find(Pattern pattern, String output) {
        Matcher matcher = pattern.matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("unexpected pgbench output: " + output);
        }
        return Double.parseDouble(matcher.group(1));
    }

    /** Debian's PostgreSQL keeps pgbench beside the server binaries, not on PATH; the newest version wins. */
    private static Path locatePgbench() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin/pgbench")).filter(Files::isExecutable)
                    .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("pgbench not found under /usr/lib/postgresql/*/bin"));
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL is not installed under /usr/lib/postgresql", e);
        }
    }

    private String host() {
        return postgres.jdbcUrl().replaceFirst("jdbc:postgresql://([^:/]+).*", "$1");
    }

    private String port() {
        return postgres.jdbcUrl().replaceFirst("jdbc:postgresql://[^:/]+:(\\d+)/.*", "$1");
    }

    private String database() {
        return postgres.jdbcUrl().substring(postgres.jdbcUrl().lastIndexOf('/') + 1);
    }
}
