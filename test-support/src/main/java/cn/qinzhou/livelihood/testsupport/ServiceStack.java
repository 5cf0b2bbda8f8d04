package cn.qinzhou.livelihood.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The packaged system: a real Kafka broker, one database per service and each service's jar ({@code target/app}) in
 * its own JVM in prod mode. The one launcher of the end-to-end tests, the benchmarks and deploy/local/run.sh (through
 * {@link #main}).
 *
 * <p>By default everything is throw-away: a broker on free ports with its data in a temporary directory, fresh
 * databases on the machine's PostgreSQL (dropped on close), the services on free ports, verifying tokens
 * minted by {@link Tokens#forRole} with a fixed public key. With an {@link #identityProvider identity provider}
 * (a {@link LocalKeycloak}) they verify its tokens instead and sign people in to their consoles there. A test that stops the database puts the databases on a
 * {@link #onPrivateCluster private cluster}; run.sh keeps its broker data and databases across runs
 * ({@link #keepingData}) and listens on fixed ports. Settings beyond the defaults go in as environment
 * variables ({@link #env}), exactly as an operator would pass them.
 */
public final class ServiceStack implements AutoCloseable {

    public static final List<String> SERVICES = List.of("project-service", "progress-service", "notification-service");

    /**
     * The services' JVM options unless told otherwise. The collector is named, not left to the JVM's choice, which
     * depends on the machine (a container limited to one CPU gets the serial collector) and, in the image, on its
     * launcher (ParallelGC unless told otherwise: deploy/Dockerfile); ParallelGC costs less CPU a request but keeps
     * what the heap grew to (benchmarks/README.md, "The collector named"). G1 gives idle heap back (after 5 s without
     * a collection, a concurrent cycle, then mixed collections; at most 30 % of the heap left free), so a service's
     * resident memory falls again after a load. Not a full collection there: on an idle service that is a 30-60 ms
     * pause of both cores every 5 s, which the others' requests met (benchmarks/README.md, "The idle collection: a full
     * one tried, the concurrent one kept"). The Tier4 thresholds (C2) are raised so that the start's short-lived code
     * is not compiled by C2: about a quarter less CPU to ready, the same CPU per request once warm, reached later
     * (benchmarks/README.md, "Start time"). glibc keeps what the JVM's own native allocations freed (the compilers'
     * arenas under load, above all) for reuse instead of returning it; the JVM's native heap trimmer hands it back every
     * 5 s (about 30 MiB a service after the load; benchmarks/README.md, "Native memory given back"). The first JDK 17
     * updates to have it (from late 2023) marked it experimental, hence the unlock; later ones made it a product option.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx512m", "-Dfile.encoding=UTF-8",
            "-XX:+UseG1GC", "-XX:G1PeriodicGCInterval=5000", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
            "-XX:+UnlockExperimentalVMOptions", "-XX:TrimNativeHeapInterval=5000",
            "-XX:Tier4InvocationThreshold=50000", "-XX:Tier4MinInvocationThreshold=6000",
            "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000");

    /** The raised C2 thresholds of {@link #DEFAULT_JVM_OPTIONS}: for the other JVMs a test or benchmark starts. */
    public static final List<String> RAISED_C2_THRESHOLDS = DEFAULT_JVM_OPTIONS.stream()
            .filter(option -> option.startsWith("-XX:Tier4")).toList();

    private static final Duration BROKER_PATIENCE = Duration.ofSeconds(90);

    private final Path root;
    private final Path logs;
    private final String databasePrefix;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> jvmOptions = new ArrayList<>(DEFAULT_JVM_OPTIONS);
    private PrivatePostgresCluster cluster;
    private KeptData keptData;
    private LocalKeycloak identityProvider;
    private Path verifyingKey;

    private LocalKafkaBroker broker;
    private Duration readyTimeout = Duration.ofSeconds(300);
    private final Map<String, LocalPostgres> databases = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    /** Further instances of a service ({@link #startAnotherInstance}), by their base URL. */
    private final Map<String, Process> moreInstances = new LinkedHashMap<>();
    private final Map<String, Duration> startTimes = new LinkedHashMap<>();
    private ClassDataArchives classData = ClassDataArchives.fromEnvironment();

    /**
     * What run.sh keeps between runs: the broker's data and ports, the services' ports and their databases on the
     * machine's PostgreSQL, which exist already (deploy/local/ensure-postgres.sh) and are never dropped.
     */
    public record KeptData(Path brokerData, int brokerPort, int controllerPort,
                           Map<String, Integer> servicePorts, Map<String, String> databaseNames) {
    }

    /**
     * @param root           the repository root (where each service's target/app lives)
     * @param logs           where each service's console output goes ({@code <service>.log})
     * @param databasePrefix prefix of the throw-away databases, e.g. {@code bench}
     */
    public ServiceStack(Path root, Path logs, String databasePrefix) {
        this.root = root.toAbsolutePath().normalize();
        this.logs = logs.toAbsolutePath().normalize();
        this.databasePrefix = databasePrefix;
    }

    /** An environment variable for every service (e.g. {@code LIVELIHOOD_CLOCK_START_AT}). */
    public ServiceStack env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Replaces the JVM options of every service (default: {@link #DEFAULT_JVM_OPTIONS}). */
    public ServiceStack jvmOptions(List<String> options) {
        jvmOptions.clear();
        jvmOptions.addAll(options);
        return this;
    }

    /**
     * Whether the services start from a class-data archive made by a training run of their jar ({@link ClassDataArchives});
     * on unless {@code LIVELIHOOD_CLASS_DATA_ARCHIVE=off} (or the system property {@code livelihood.class-data-archive}).
     */
    public ServiceStack classDataArchives(boolean enabled) {
        classData = enabled ? ClassDataArchives.ON : ClassDataArchives.OFF;
        return this;
    }

    /** Creates the databases on a started private cluster, so a test can stop and resume PostgreSQL. */
    public ServiceStack onPrivateCluster(PrivatePostgresCluster privateCluster) {
        this.cluster = privateCluster;
        return this;
    }

    /**
     * Signs in with this provider: the services verify its tokens (its keys, issuer and the audience) and their
     * console pages log people in at its login page; its console clients are pointed at the services' addresses.
     */
    public ServiceStack identityProvider(LocalKeycloak provider) {
        this.identityProvider = provider;
        return this;
    }

    /** Without an identity provider: the public key (PEM) the services verify tokens with, instead of the test key. */
    public ServiceStack verifyingKey(Path publicKeyPem) {
        this.verifyingKey = publicKeyPem;
        return this;
    }

    /** Uses run.sh's broker data, ports and databases instead of throw-away ones, and leaves them for the next run. */
    public ServiceStack keepingData(KeptData kept) {
        this.keptData = kept;
        return this;
    }

    /**
     * Starts the broker, creates the databases, launches the services together and waits until each is ready;
     * {@code timeout} is also the patience of a {@link #restart}.
     */
    public void start(Duration timeout) {
        readyTimeout = timeout;
        try {
            Files.createDirectories(logs);
            for (String service : SERVICES) {
                // a restarted service's log is appended, so it follows the one it had before the kill
                Files.deleteIfExists(log(service));
            }
            Files.deleteIfExists(logs.resolve("kafka.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        broker = keptData == null ? new LocalKafkaBroker()
                : new LocalKafkaBroker(keptData.brokerData(), logs.resolve("kafka.log"), keptData.brokerPort(), keptData.controllerPort());
        startBroker();
        for (String service : SERVICES) {
            databases.put(service, database(service, shortName(service)));
            ports.put(service, keptData == null ? LocalKafkaBroker.freePort() : keptData.servicePorts().get(service));
            if (identityProvider != null) {
                identityProvider.registerConsole(service, url(service));
            }
        }
        if (classData.enabled()) {
            trainClassData(timeout);
        }
        startTimes.putAll(launchSideBySide(timeout, this::awaitReadyOnAFreePort));
    }

    /** Launches the three side by side, then waits for each as {@code await} does; returns each one's launch to ready. */
    private Map<String, Duration> launchSideBySide(Duration timeout, BiConsumer<String, Duration> await) {
        Map<String, Long> launchedAt = new LinkedHashMap<>();
        for (String service : SERVICES) {
            launchedAt.put(service, System.nanoTime());
            processes.put(service, launch(service));
        }
        // Each awaited on a thread of its own: awaited one after the other, a service ready before the one ahead of it
        // in the list was counted ready only when that one was.
        Map<String, CompletableFuture<Duration>> readiness = new LinkedHashMap<>();
        for (String service : SERVICES) {
            readiness.put(service, CompletableFuture.supplyAsync(() -> {
                await.accept(service, timeout);
                return Duration.ofNanos(System.nanoTime() - launchedAt.get(service));
            }, awaiting -> {
                Thread waiter = new Thread(awaiting, "await-" + service);
                waiter.setDaemon(true);
                waiter.start();
            }));
        }
        Map<String, Duration> readyAfter = new LinkedHashMap<>();
        readiness.forEach((service, ready) -> {
            try {
                readyAfter.put(service, ready.join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        });
        return readyAfter;
    }

    /**
     * A port is chosen free long before the service binds it; in between, an outgoing connection of the training
     * run, a broker or another test may take it. A service that exits because its port is taken starts again on another.
     */
    private void awaitReadyOnAFreePort(String service, Duration timeout) {
        for (int attempt = 1; ; attempt++) {
            try {
                awaitReady(service, timeout);
                return;
            } catch (IllegalStateException e) {
                if (attempt == 3 || keptData != null || processes.get(service).isAlive() || !portWasTaken(log(service))) {
                    throw e;
                }
                int taken = ports.get(service);
                ports.put(service, LocalKafkaBroker.freePort());
                System.out.println(service + ": port " + taken + " was taken, starting again on " + ports.get(service));
                if (identityProvider != null) {
                    identityProvider.registerConsole(service, url(service));
                }
                processes.put(service, launch(service));
            }
        }
    }

    private static boolean portWasTaken(Path log) {
        return logTail(log).stream().anyMatch(line -> line.contains("BindException") || line.contains("Address already in use")
                || line.contains("seems to be in use"));
    }

    /** The last lines of a service's log, each cut short: what an exit's message carries, as CI keeps no log file. */
    private static List<String> logTail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return lines.subList(Math.max(0, lines.size() - 12), lines.size()).stream()
                    .map(line -> line.length() > 400 ? line.substring(0, 400) + "…" : line).toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of("(log unreadable: " + e.getMessage() + ")");
        }
    }

    private LocalPostgres database(String service, String shortName) {
        if (keptData != null) {
            LocalPostgres kept = new LocalPostgres();
            kept.useDatabase(keptData.databaseNames().get(service));
            return kept;
        }
        LocalPostgres fresh = cluster != null ? cluster.server() : new LocalPostgres();
        fresh.createDatabase(databasePrefix + "_" + shortName);
        return fresh;
    }

    private static String shortName(String service) {
        return service.replace("-service", "");
    }

    public String url(String service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    public LocalPostgres database(String service) {
        return databases.get(service);
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The operating-system process id of the service's JVM (for /proc figures). */
    public long pid(String service) {
        return processes.get(service).pid();
    }

    /** From launching the JVM until its readiness check first answered 200 (all three start side by side). */
    public Duration startTime(String service) {
        return startTimes.get(service);
    }

    public Path log(String service) {
        return logs.resolve(service + ".log");
    }

    /** Stops the broker and keeps its data, as a crash or a maintenance window would. */
    public void stopBroker() {
        broker.stop();
    }

    /** Kills the broker with SIGKILL and keeps its data; {@link #startBroker} brings it back. */
    public void killBroker() {
        broker.kill();
    }

    /** Hangs the broker (SIGSTOP) until {@link #resumeBroker}: connections stay open, nothing answers. */
    public void hangBroker() {
        broker.hang();
    }

    public void resumeBroker() {
        broker.resume();
    }

    /**
     * Starts (or restarts) the broker with more patience than its own 90 s: on a loaded 2-core machine a cold
     * broker can take longer, and a second start() returns at once while the slow first process still runs.
     */
    public void startBroker() {
        IllegalStateException last = new IllegalStateException("kafka broker not ready");
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                broker.start();
                if (brokerAnswers(BROKER_PATIENCE)) {
                    return;
                }
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    private boolean brokerAnswers(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return true;
            } catch (Exception notYet) {
                sleep(500);
            }
        }
        return false;
    }

    /** SIGKILL: no shutdown hook runs, in-flight requests and uncommitted work are lost as in a crash. */
    public void kill(String service) {
        Process process = processes.get(service);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the service as an orchestrator does (SIGTERM): it finishes its work and leaves its consumer groups. */
    public void stop(String service) {
        Process process = processes.get(service);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a killed or stopped service again on the same port and database, and waits until it is ready. */
    public void restart(String service) {
        processes.put(service, launch(service));
        awaitReady(service, readyTimeout);
    }

    /**
     * Stops every service (SIGTERM) and starts the three again side by side on their ports and databases, as a
     * redeploy of the whole stack does; returns each one's launch to ready.
     */
    public Map<String, Duration> restartTogether() {
        SERVICES.forEach(this::stop);
        return launchSideBySide(readyTimeout, this::awaitReady);
    }

    /**
     * Starts one more instance of the service on a port of its own, with the same database and broker (as a
     * second replica would run), waits until it is ready and returns its base URL. Stopped by {@link #close}.
     */
    public String startAnotherInstance(String service) {
        int port = LocalKafkaBroker.freePort();
        String name = service + "-" + (moreInstances.size() + 2);
        Process process = launch(service, port, logs.resolve(name + ".log"));
        String url = "http://127.0.0.1:" + port;
        moreInstances.put(url, process);
        awaitReady(name, process, url, logs.resolve(name + ".log"), readyTimeout);
        return url;
    }

    private Process launch(String service) {
        return launch(service, ports.get(service), log(service));
    }

    private Process launch(String service, int port, Path logFile) {
        return launch(service, port, logFile, classData.useArchive(appDir(service), jvmOptions));
    }

    private Process launch(String service, int port, Path logFile, List<String> classDataOptions) {
        Path jar = appDir(service).resolve(service + "-runner.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw package)");
        }
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(classDataOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        LocalPostgres database = databases.get(service);
        Map<String, String> environment = builder.environment();
        // glibc's malloc keeps an arena per thread up to 8 per core, most of it resident after a load: two suffice.
        environment.putIfAbsent("MALLOC_ARENA_MAX", "2");
        environment.put("DB_URL", database.jdbcUrl());
        environment.put("DB_USER", database.user());
        environment.put("DB_PASSWORD", database.password());
        environment.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        if (identityProvider != null) {
            environment.putAll(identityProvider.serviceEnvironment());
        } else {
            environment.put("OIDC_TOKEN_ISSUER", Tokens.ISSUER);
            // the test key is created only when used
            environment.put("OIDC_PUBLIC_KEY", Tokens.publicKeyOf(verifyingKey != null ? verifyingKey : Tokens.testPublicKeyFile()));
        }
        if (!env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT") && !environment.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")) {
            // No trace collector here: keep no new trace, so the jars' OTLP exporter never tries to send one. The trace
            // context still travels (HTTP, outbox, Kafka headers), unsampled, so traces stay checkable on the topics.
            environment.putIfAbsent("OTEL_TRACES_SAMPLER_ARG", "0");
        }
        environment.putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first start of a jar build is a training run: each service whose archive is missing or stale starts with
     * {@code -XX:ArchiveClassesAtExit}, answers a few requests and is stopped gracefully, so its JVM writes the
     * classes it loaded; the real launch that follows maps them. Runs the services side by side; a service that
     * another process is training just starts without an archive.
     */
    private void trainClassData(Duration timeout) {
        Map<String, ClassDataArchives.Training> trainings = new LinkedHashMap<>();
        Map<String, Process> trainees = new LinkedHashMap<>();
        Map<String, String> trainingUrls = new LinkedHashMap<>();
        long started = System.nanoTime();
        try {
            for (String service : SERVICES) {
                ClassDataArchives.Training training = classData.beginTraining(appDir(service), jvmOptions);
                if (training == null) {
                    continue;
                }
                trainings.put(service, training);
                // A port of its own: nothing waiting for the service's real port may take the trainee for it.
                int port = LocalKafkaBroker.freePort();
                trainingUrls.put(service, "http://127.0.0.1:" + port);
                trainees.put(service, launch(service, port, logs.resolve(service + ".training.log"),
                        training.jvmOptions()));
            }
            if (trainings.isEmpty()) {
                return;
            }
            for (Map.Entry<String, Process> trainee : trainees.entrySet()) {
                String service = trainee.getKey();
                awaitReady(service, trainee.getValue(), trainingUrls.get(service), logs.resolve(service + ".training.log"), timeout);
                exercise(service, trainingUrls.get(service));
            }
            trainees.values().forEach(Process::destroy);
            for (Map.Entry<String, Process> trainee : trainees.entrySet()) {
                // the JVM writes the archive on its way out; on a loaded machine that takes some seconds
                if (!trainee.getValue().waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    trainee.getValue().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
                trainings.get(trainee.getKey()).finish();
            }
            System.out.println("class-data archives trained for " + String.join(", ", trainings.keySet()) + " in "
                    + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            trainees.values().forEach(Process::destroyForcibly);
            trainings.values().forEach(ClassDataArchives.Training::close);
        }
    }

    /** A few requests of the kinds the service will answer: health, metrics, and a read (with a token where one can be minted). */
    private void exercise(String service, String url) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String read = switch (service) {
            case "project-service" -> "/projects";
            case "progress-service" -> "/reporting-status?period=2024-08";
            default -> "/alerts?state=OPEN&size=20";
        };
        boolean testTokens = identityProvider == null && verifyingKey == null;
        for (int round = 0; round < 3; round++) {
            for (String path : List.of("/q/health/ready", "/q/metrics", read)) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30));
                if (testTokens && path.equals(read)) {
                    request.header("Authorization", "Bearer " + Tokens.forRole("supervisor", null));
                }
                try {
                    http.send(request.build(), HttpResponse.BodyHandlers.discarding());
                } catch (IOException answerDoesNotMatter) {
                    // training only: whatever the answer, the classes it took are loaded
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private Path appDir(String service) {
        return root.resolve(service).resolve("target/app");
    }

    private void awaitReady(String service, Duration timeout) {
        awaitReady(service, processes.get(service), url(service), log(service), timeout);
    }

    private void awaitReady(String service, Process process, String url, Path log, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI ready = URI.create(url + "/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service + " exited with " + process.exitValue() + "; see " + log
                        + ", which ends:\n" + String.join("\n", logTail(log)));
            }
            try {
                if (http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep polling until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(100);
        }
        throw new IllegalStateException(service + " not ready after " + timeout + "; see " + log);
    }

    /** Stops the services and the broker; throw-away databases are dropped and a throw-away broker's data deleted. */
    @Override
    public void close() {
        List<Process> all = new ArrayList<>(processes.values());
        all.addAll(moreInstances.values());
        all.forEach(Process::destroy);
        for (Process process : all) {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (broker != null) {
            if (keptData != null) {
                broker.stop();
            } else {
                broker.destroy();
            }
        }
        // a private cluster is deleted whole by its owner, and run.sh's databases are kept
        if (keptData == null && cluster == null) {
            databases.values().forEach(LocalPostgres::dropDatabase);
        }
    }

    /**
     * deploy/local/run.sh's stack, run until the process is stopped (SIGTERM or SIGINT), which stops the services
     * and the broker and keeps their data:
     * <pre>
     *   ServiceStack --root DIR --state DIR [--kafka-port N] [--controller-port N] [--keycloak-port N]
     *                [--keycloak-management-port N] [--env NAME=VALUE]...
     * </pre>
     * Logs go to STATE/logs, the broker's data to STATE/kafka. Keycloak comes first (its data in STATE/keycloak, the
     * users' password in STATE/keycloak/password, made on the first run), with a user per lead unit of the seeded
     * responsibility table; the services sign in with it and listen on 8081, 8082 and 8083, with the databases
     * deploy/local/ensure-postgres.sh creates.
     */
    public static void main(String[] args) throws InterruptedException {
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.computeIfAbsent(args[i], name -> new ArrayList<>()).add(args[i + 1]);
        }
        if (args.length % 2 != 0 || !options.containsKey("--root") || !options.containsKey("--state")) {
            System.err.println("usage: ServiceStack --root DIR --state DIR [--kafka-port N] [--controller-port N]"
                    + " [--keycloak-port N] [--keycloak-management-port N] [--env NAME=VALUE]...");
            System.exit(2);
        }
        Path state = Path.of(options.get("--state").get(0)).toAbsolutePath();
        KeptData kept = new KeptData(state.resolve("kafka"),
                Integer.parseInt(options.getOrDefault("--kafka-port", List.of("9092")).get(0)),
                Integer.parseInt(options.getOrDefault("--controller-port", List.of("9093")).get(0)),
                Map.of("project-service", 8081, "progress-service", 8082, "notification-service", 8083),
                Map.of("project-service", "livelihood_project", "progress-service", "livelihood_progress",
                        "notification-service", "livelihood_notification"));
        Path root = Path.of(options.get("--root").get(0)).toAbsolutePath();
        LocalKeycloak keycloak = new LocalKeycloak(LocalKeycloak.install(root), root.resolve("deploy/keycloak/livelihood-realm.json"),
                state.resolve("keycloak/data"), state.resolve("logs/keycloak.log"),
                Integer.parseInt(options.getOrDefault("--keycloak-port", List.of("8180")).get(0)),
                Integer.parseInt(options.getOrDefault("--keycloak-management-port", List.of("9180")).get(0)),
                keptPassword(state.resolve("keycloak/password")), keptPassword(state.resolve("keycloak/admin-password")));
        ServiceStack stack = new ServiceStack(root, state.resolve("logs"), "livelihood")
                .keepingData(kept)
                .identityProvider(keycloak);
        for (String setting : options.getOrDefault("--env", List.of())) {
            int equals = setting.indexOf('=');
            stack.env(setting.substring(0, equals), setting.substring(equals + 1));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            keycloak.close();
        }));
        keycloak.start(Duration.ofSeconds(900), true);
        List<String> units = keycloak.ensureLeadUnitUsers(root.resolve("deploy/seed/illustrative-responsibility-table.csv"));
        System.out.println("keycloak ready at " + keycloak.realmUrl() + " with users planner, supervisor, dashboard, operator"
                + " and one per lead unit (" + String.join(", ", units) + ")");
        stack.start(Duration.ofSeconds(120));
        for (String service : SERVICES) {
            System.out.println(service + " ready at " + stack.url(service) + " after " + stack.startTime(service).toSeconds() + " s");
        }
        Thread.currentThread().join();
    }

    /** A password of run.sh's Keycloak (its users', its admin's): made once, kept readable by its owner only. */
    private static String keptPassword(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                byte[] bytes = new byte[9];
                new java.security.SecureRandom().nextBytes(bytes);
                Files.writeString(file, java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
                Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
