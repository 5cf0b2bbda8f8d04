package cn.qinzhou.livelihood.e2e;

import cn.qinzhou.livelihood.testsupport.LocalKafkaBroker;
import cn.qinzhou.livelihood.testsupport.LocalPostgres;
import cn.qinzhou.livelihood.testsupport.Tokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole system as deploy/local/run.sh starts it: a real broker, one fresh database per service on the
 * machine's PostgreSQL, and each service's packaged fast-jar in its own JVM, in prod mode, on free ports.
 * Differences from run.sh: throw-away databases and broker, the test key pair, the clock endpoint on and a
 * quick deadline sweep, so the test can move time across a reporting deadline.
 */
final class LocalStack implements AutoCloseable {

    static final List<String> SERVICES = List.of("project-service", "progress-service", "notification-service");

    private final Path root = Paths.get(System.getProperty("livelihood.repository.root", "..")).toAbsolutePath();
    private final LocalKafkaBroker broker = new LocalKafkaBroker();
    private final Map<String, LocalPostgres> databases = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final Path logs;
    private final String startAt;

    /** @param startAt where every service's clock starts, ISO-8601 with offset */
    LocalStack(String startAt) {
        this.startAt = startAt;
        try {
            logs = Files.createDirectories(root.resolve("e2e-tests/target/stack-logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void start() {
        broker.start();
        for (String service : SERVICES) {
            LocalPostgres database = new LocalPostgres();
            database.createDatabase("e2e_" + service.replace("-service", ""));
            databases.put(service, database);
            ports.put(service, LocalKafkaBroker.freePort());
        }
        for (String service : SERVICES) {
            processes.add(launch(service));
        }
        for (String service : SERVICES) {
            awaitHealthy(service, Duration.ofSeconds(120));
        }
    }

    String url(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    private Process launch(String service) {
        Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw package)");
        }
        LocalPostgres database = databases.get(service);
        ProcessBuilder builder = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-Dfile.encoding=UTF-8", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(service + ".log").toFile());
        Map<String, String> env = builder.environment();
        env.put("DB_URL", database.jdbcUrl());
        env.put("DB_USER", database.user());
        env.put("DB_PASSWORD", database.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ports.get(service)));
        env.put("JWT_PUBLIC_KEY_LOCATION", Tokens.testPublicKeyFile().toUri().toString());
        env.put("JWT_ISSUER", Tokens.ISSUER);
        env.put("LIVELIHOOD_CLOCK_ADJUSTABLE", "true");
        env.put("LIVELIHOOD_CLOCK_START_AT", startAt);
        env.put("LIVELIHOOD_ALERTS_SWEEP_EVERY", "1s");
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitHealthy(String service, Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url(service) + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException ignored) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        throw new IllegalStateException(service + " not healthy after " + timeout + "; see " + logs.resolve(service + ".log"));
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        broker.destroy();
        databases.values().forEach(LocalPostgres::dropDatabase);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
