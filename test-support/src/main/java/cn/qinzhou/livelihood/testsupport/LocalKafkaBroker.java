package cn.qinzhou.livelihood.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Kafka broker in KRaft mode, run as a child JVM from the classpath that the
 * deploy/kafka-broker module resolves from Maven Central. It can be stopped and started again on the same
 * ports and data, which is how tests take the broker away and bring it back.
 */
public final class LocalKafkaBroker {

    /**
     * The broker's JVM (and the storage format's): the serial collector, as for a small single-node broker, and the
     * services' raised C2 thresholds, so that a broker started for a minute of tests does not spend its CPU compiling
     * its start's code with C2. With its class-data archive ({@link ClassDataArchives}), a start costs about 1.6 CPU s
     * instead of 3.5 (benchmarks/README.md, "The test suite").
     */
    static final List<String> JVM_OPTIONS = Stream.concat(Stream.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
            "-Dfile.encoding=UTF-8"), ServiceStack.RAISED_C2_THRESHOLDS.stream()).toList();

    private final Path dataDir;
    private final Path log;
    private int brokerPort;
    private int controllerPort;
    /** Ports picked free at construction may be taken by someone else before the broker binds them. */
    private final boolean portsOfItsOwnChoosing;
    private final Path classpathFile;
    private final String classpath;
    private final ClassDataArchives classData = ClassDataArchives.fromEnvironment();
    /** Set while this broker's JVM is the one writing the class-data archive, which it does when it exits gracefully. */
    private ClassDataArchives.Training training;
    private final Map<String, String> serverOverrides;
    private final List<String> formatArguments;
    private final Map<String, Object> clientSecurity;
    private Process process;
    private boolean hung;

    /** A throw-away broker: data in a temporary directory, on free ports. */
    public LocalKafkaBroker() {
        this(temporaryDirectory(), null, 0, 0, Map.of(), List.of(), Map.of());
    }

    /**
     * A throw-away broker whose client listener is secured as the given listener says (TLS, SASL): its server settings
     * replace the template's, its users are created when the storage is formatted, and the broker's own readiness
     * probe connects with its client settings.
     */
    public LocalKafkaBroker(SecuredListener listener) {
        this(temporaryDirectory(), null, 0, 0, listener.serverProperties(), listener.formatArguments(),
                listener.adminClientSettings());
    }

    /**
     * A broker on the given data directory and ports; a directory formatted by an earlier run is used as it is,
     * so the topics and offsets of that run are still there.
     *
     * @param log where the broker's console output goes, or null for {@code broker.log} in the data directory
     */
    public LocalKafkaBroker(Path dataDir, Path log, int brokerPort, int controllerPort) {
        this(dataDir, log, brokerPort, controllerPort, Map.of(), List.of(), Map.of());
    }

    private LocalKafkaBroker(Path dataDir, Path log, int brokerPort, int controllerPort, Map<String, String> serverOverrides,
                             List<String> formatArguments, Map<String, Object> clientSecurity) {
        this.serverOverrides = Map.copyOf(serverOverrides);
        this.formatArguments = List.copyOf(formatArguments);
        this.clientSecurity = Map.copyOf(clientSecurity);
        this.dataDir = dataDir.toAbsolutePath();
        this.log = log != null ? log.toAbsolutePath() : this.dataDir.resolve("broker.log");
        this.portsOfItsOwnChoosing = brokerPort == 0;
        this.brokerPort = brokerPort == 0 ? freePort() : brokerPort;
        this.controllerPort = controllerPort == 0 ? freePort(this.brokerPort) : controllerPort;
        this.classpathFile = classpathFile();
        this.classpath = readClasspath(classpathFile);
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("livelihood-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                startOnce();
                return;
            } catch (BrokerExited exited) {
                endTraining(false);
                if (!portsOfItsOwnChoosing || attempt == 3) {
                    throw exited;
                }
                // Most likely a port picked free was taken meanwhile, or a JVM starved on a loaded machine: a fresh
                // directory on fresh ports.
                process = null;
                deleteData();
                brokerPort = freePort();
                controllerPort = freePort(brokerPort);
            }
        }
    }

    private void startOnce() {
        try {
            Files.createDirectories(dataDir);
            Path config = dataDir.resolve("server.properties");
            Path logs = dataDir.resolve("logs");
            List<String> archiveOptions = classDataOptions();
            if (!Files.exists(config)) {
                Files.writeString(config, serverProperties(logs), StandardCharsets.UTF_8);
                List<String> format = new ArrayList<>(List.of("kafka.tools.StorageTool", "format", "-t", clusterId(),
                        "-c", config.toString()));
                format.addAll(formatArguments);
                run(format, archiveOptions, dataDir.resolve("format.log"), true);
            }
            if (archiveOptions.isEmpty()) {
                training = classData.beginTraining(classpathFile.getParent(), classpathJars(), JVM_OPTIONS);
                if (training != null) {
                    archiveOptions = training.jvmOptions();
                }
            }
            process = run(List.of("kafka.Kafka", config.toString()), archiveOptions, log, false);
            awaitReady(Duration.ofSeconds(90));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The broker process ended before it was ready; the message carries the end of its log. */
    private static final class BrokerExited extends IllegalStateException {
        BrokerExited(String message) {
            super(message);
        }
    }

    /** Stops the broker and keeps its data, as a crash or maintenance window would. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        if (hung) {
            // a stopped process would keep the SIGTERM pending
            resume();
        }
        process.destroy();
        boolean exited = false;
        try {
            exited = process.waitFor(30, TimeUnit.SECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        endTraining(exited);
    }

    /** SIGKILL: the broker dies at once, nothing flushed or closed cleanly; its data is kept for a restart. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        hung = false;
        endTraining(false);
    }

    /**
     * SIGSTOP: the broker hangs. Its connections stay open and the kernel still accepts new ones, but nothing
     * answers, as with a broker stuck in a long GC pause or on a frozen disk, until {@link #resume}.
     */
    public synchronized void hang() {
        signal("STOP");
        hung = true;
    }

    /** SIGCONT: a hung broker carries on with what it had been sent. */
    public synchronized void resume() {
        signal("CONT");
        hung = false;
    }

    private void signal(String name) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("the broker is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the broker and deletes its data. */
    public synchronized void destroy() {
        stop();
        deleteData();
    }

    private void deleteData() {
        ScratchDirectories.deleteQuietly(dataDir);
    }

    /** The last lines of the broker's console output, for a failure message that CI prints. */
    private String logTail() {
        return tail(log);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no broker log at " + log + ")";
        }
    }

    /** The same template the local stack uses, so tests run the broker as it is run for real. */
    private String serverProperties(Path logs) throws IOException {
        try (var in = LocalKafkaBroker.class.getResourceAsStream("/kafka/server.properties.template")) {
            if (in == null) {
                throw new IllegalStateException("kafka/server.properties.template missing from test-support");
            }
            String template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return withOverrides(template)
                    .replace("${BROKER_PORT}", Integer.toString(brokerPort))
                    .replace("${CONTROLLER_PORT}", Integer.toString(controllerPort))
                    .replace("${LOG_DIR}", logs.toString());
        }
    }

    /** The template with each overridden setting's line replaced, and the settings it lacks appended. */
    private String withOverrides(String template) {
        Map<String, String> left = new LinkedHashMap<>(serverOverrides);
        StringBuilder out = new StringBuilder();
        for (String line : template.split("\n", -1)) {
            int eq = line.indexOf('=');
            String key = eq > 0 && !line.startsWith("#") ? line.substring(0, eq) : null;
            out.append(key != null && left.containsKey(key) ? key + "=" + left.remove(key) : line).append('\n');
        }
        left.forEach((key, value) -> out.append(key).append('=').append(value).append('\n'));
        return out.toString();
    }

    /** The options that map the broker's class-data archive, or none while it is not made yet. */
    private List<String> classDataOptions() {
        return classData.useArchive(classpathFile.getParent(), classpathJars(), JVM_OPTIONS);
    }

    private List<Path> classpathJars() {
        return Stream.of(classpath.split(File.pathSeparator)).filter(entry -> !entry.isBlank()).map(Paths::get)
                .filter(Files::isRegularFile).toList();
    }

    /**
     * The archive written by this broker's JVM, which exited: moved into place if the exit was graceful and wrote
     * it, dropped if the JVM was killed.
     */
    private void endTraining(boolean exitedGracefully) {
        if (training != null) {
            if (exitedGracefully) {
                training.finish();
            }
            training.close();
            training = null;
        }
    }

    private Process run(List<String> mainAndArgs, List<String> archiveOptions, Path log, boolean waitForExit) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(archiveOptions);
        command.add("-cp");
        command.add(classpath);
        command.addAll(mainAndArgs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process started = builder.start();
        if (waitForExit) {
            try {
                if (!started.waitFor(120, TimeUnit.SECONDS) || started.exitValue() != 0) {
                    started.destroyForcibly();
                    throw new BrokerExited("kafka storage format failed, see " + log + ":\n" + tail(log));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return started;
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new BrokerExited("kafka broker on port " + brokerPort + " exited, see " + log + ":\n" + logTail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", brokerPort), 500);
                Map<String, Object> admin = new HashMap<>(clientSecurity);
                admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
                admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
                admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
                try (Admin client = Admin.create(admin)) {
                    client.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                }
            } catch (Exception e) {
                last = e;
                sleep(300);
            }
        }
        throw new IllegalStateException("kafka broker not ready after " + timeout + ", see " + log + ":\n" + logTail(), last);
    }

    private static String clusterId() {
        // Kafka's cluster ids are 16 random bytes, URL-safe base64 without padding.
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    private static Path classpathFile() {
        String configured = System.getProperty("livelihood.kafka.classpath-file");
        List<Path> candidates = new ArrayList<>();
        if (configured != null && !configured.isBlank()) {
            candidates.add(Paths.get(configured));
        }
        // Fall back to walking up from the working directory (an IDE run of one test).
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            candidates.add(dir.resolve("deploy/kafka-broker/target/broker-classpath.txt"));
        }
        for (Path candidate : candidates) {
            if (Files.isReadable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new IllegalStateException("Kafka broker classpath not found; build deploy/kafka-broker first "
                + "(./mvnw -pl deploy/kafka-broker generate-resources). Looked at " + candidates.get(0));
    }

    private static String readClasspath(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port free on loopback right now, other than {@code not}. */
    private static int freePort(int not) {
        int port = freePort();
        return port == not ? freePort() : port;
    }

    /** A port free on loopback right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
