package cn.qinzhou.livelihood.benchmarks.ingestion;

import cn.qinzhou.livelihood.benchmarks.fixtures.Database;
import cn.qinzhou.livelihood.testsupport.LocalPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What PostgreSQL alone manages for the shape of a report write: pgbench, one transaction inserting one
 * row of about 1 KB into a table with a unique (project, period) index, at the same client count and on the
 * same machine as the service run. The service's throughput divided by this is its share of the ceiling.
 */
public final class PgbenchCeiling implements AutoCloseable {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");

    public record Ceiling(int clients, double transactionsPerSecond, double averageLatencyMillis) {
    }

    private final LocalPostgres postgres = new LocalPostgres();
    private final Path script;
    private final Path pgbench;

    public PgbenchCeiling() {
        pgbench = locatePgbench();
        postgres.createDatabase("bench_pgbench");
        new Database(postgres).update("""
                create table report_shape (
                    id          bigserial primary key,
                    project_id  text        not null,
                    period      text        not null,
                    payload     text        not null,
                    received_at timestamptz not null default now(),
                    unique (project_id, period))""");
        try {
            script = Files.createTempFile("report-shape-", ".sql");
            // 340 × '进' = 1,020 bytes of UTF-8; the key space makes a repeated (project, period) all but impossible.
            Files.writeString(script, """
                    \\set p random(1, 1000000000000)
                    insert into report_shape (project_id, period, payload) values ('P' || :p, '2024-08', repeat('进', 340));
                    """, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Ceiling run(int clients, int seconds) {
        List<String> command = List.of(pgbench.toString(), "-n", "-M", "prepared", "-c", Integer.toString(clients),
                "-j", Integer.toString(Math.min(clients, Runtime.getRuntime().availableProcessors())),
                "-T", Integer.toString(seconds), "-f", script.toString(),
                "-h", host(), "-p", port(), "-U", postgres.user(), database());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGPASSWORD", postgres.password());
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("pgbench failed: " + output);
            }
            return new Ceiling(clients, find(TPS, output), find(LATENCY, output));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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
