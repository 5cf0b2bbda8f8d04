package cn.qinzhou.livelihood.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of a test's own (initdb in a directory of its choosing, on a free port), so a test can
 * stop and restart the database without touching the machine's shared PostgreSQL that other tests use.
 * Uses the newest server under /usr/lib/postgresql (installed by deploy/local/ensure-postgres.sh). PostgreSQL
 * refuses to run as root, so as root the cluster belongs to, and runs as, the {@code postgres} OS user.
 */
public final class PrivatePostgresCluster implements AutoCloseable {

    public static final String USER = "livelihood";
    public static final String PASSWORD = "livelihood";

    private final Path directory;
    private final Path data;
    private final int port;
    private final Path bin;
    private final boolean root;

    /** @param directory an empty or missing directory for the cluster's data, socket and log */
    public PrivatePostgresCluster(Path directory) {
        this.directory = directory.toAbsolutePath();
        this.data = this.directory.resolve("data");
        this.port = LocalKafkaBroker.freePort();
        this.bin = serverBinaries();
        this.root = "root".equals(System.getProperty("user.name"));
    }

    public int port() {
        return port;
    }

    /** Creates the cluster with a password-protected superuser and starts it. */
    public PrivatePostgresCluster start() {
        try {
            Files.createDirectories(directory);
            Path passwordFile = directory.resolve("pwfile");
            Files.writeString(passwordFile, PASSWORD + "\n", StandardCharsets.UTF_8);
            if (root) {
                // the directory's parents must be searchable by others (as target/ is) for the postgres user
                run(List.of("chown", "-R", "postgres:postgres", directory.toString()));
            }
            run(asServerUser(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                    "--pwfile=" + passwordFile, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"));
            Files.writeString(data.resolve("postgresql.auto.conf"), """
                    listen_addresses = '127.0.0.1'
                    port = %d
                    unix_socket_directories = '%s'
                    fsync = off
                    max_connections = 100
                    """.formatted(port, directory), StandardCharsets.UTF_8);
            if (root) {
                run(List.of("chown", "postgres:postgres", data.resolve("postgresql.auto.conf").toString()));
            }
            resume();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the stopped cluster again on the same port and data. */
    public void resume() {
        run(asServerUser(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", directory.resolve("server.log").toString(),
                "-w", "-t", "60", "start"));
    }

    /** Stops the server at once (clients are disconnected), keeping the data. */
    public void stop() {
        run(asServerUser(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
    }

    public boolean isRunning() {
        return runQuietly(asServerUser(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "status")) == 0;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The cluster as a server to create databases on, like the machine's. */
    public LocalPostgres server() {
        return new LocalPostgres("127.0.0.1", Integer.toString(port), USER, PASSWORD);
    }

    /** Stops the server and deletes the cluster. */
    @Override
    public void close() {
        if (isRunning()) {
            runQuietly(asServerUser(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
        }
        ScratchDirectories.deleteQuietly(directory);
    }

    private List<String> asServerUser(String... command) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private void run(List<String> command) {
        int exit = runQuietly(command);
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + exit + "; see "
                    + directory.resolve("commands.log") + " and " + directory.resolve("server.log"));
        }
    }

    private int runQuietly(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("commands.log").toFile())).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path serverBinaries() {
        Path versions = Paths.get("/usr/lib/postgresql");
        try (Stream<Path> installed = Files.list(versions)) {
            return installed.filter(p -> Files.isExecutable(p.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", "0"))))
                    .map(p -> p.resolve("bin"))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server under " + versions
                            + "; run deploy/local/ensure-postgres.sh"));
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL server under " + versions + "; run deploy/local/ensure-postgres.sh", e);
        }
    }
}
