package cn.qinzhou.livelihood.e2e;

import cn.qinzhou.livelihood.testsupport.LocalKeycloak;
import cn.qinzhou.livelihood.testsupport.PrivatePostgresCluster;
import cn.qinzhou.livelihood.testsupport.RobotReceivers;
import cn.qinzhou.livelihood.testsupport.ServiceStack;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.specification.RequestSpecification;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The stack as the end-to-end tests run it. Differences from run.sh: throw-away databases and broker, one
 * throw-away Keycloak for the whole test run (the fault suite, which kills and stalls the parts it tests, verifies
 * test-minted tokens instead), the clock endpoint on and a quick deadline sweep, so a test can move time across a reporting
 * deadline; smaller heaps, as three test stacks may run one after the other on a small machine, and the client
 * compiler alone; the write limit per unit lifted.
 */
final class EndToEndStacks {

    /** Patient: on a loaded 2-core machine three cold JVMs starting side by side can take minutes. */
    static final Duration READY_WITHIN = Duration.ofSeconds(300);

    /**
     * Smaller heaps, the serial collector and the client compiler alone. A test stack lives a few minutes: C2's
     * compilations were CPU it never earned back, and C1's code is fast enough for the fault suite's 17,000 submissions
     * (the suite alone: about a third less CPU and a sixth less wall time; benchmarks/README.md, "The end-to-end stacks
     * on the client compiler alone").
     * The services themselves run with C2 (the raised thresholds of {@link ServiceStack#DEFAULT_JVM_OPTIONS}).
     */
    static final List<String> JVM_OPTIONS = List.of("-Xmx384m", "-XX:+UseSerialGC", "-Dfile.encoding=UTF-8",
            "-XX:TieredStopAtLevel=1");

    /** The run's Keycloak, once something asked for it: started or starting. */
    private static CompletableFuture<LocalKeycloak> keycloak;
    private static final Set<String> USERS = ConcurrentHashMap.newKeySet();

    /** Stacks started ahead of their class's turn ({@link NextStackStartedAhead}), by class. */
    private static final Map<Class<?>, CompletableFuture<ServiceStack>> STARTED_AHEAD = new ConcurrentHashMap<>();

    /**
     * The class's stack ({@link StackStartsAt}), ready and signing people in at the run's Keycloak: the one started
     * while the class before it ran, or one started now. Its logs go to {@code e2e-tests/target/stack-logs/<class>/},
     * where the next class's stack does not overwrite them.
     */
    static ServiceStack started(Class<?> testClass) {
        ServiceStack stack;
        try {
            stack = ready(startAhead(testClass));
        } finally {
            STARTED_AHEAD.remove(testClass);
        }
        // Only now: the class before may still have been signing people in to its own stack.
        stack.registerConsoles();
        return stack;
    }

    /** Starts the class's stack on a thread of its own, unless it is started or starting already. */
    static CompletableFuture<ServiceStack> startAhead(Class<?> testClass) {
        return STARTED_AHEAD.computeIfAbsent(testClass, ahead -> {
            String startAt = ahead.getAnnotation(StackStartsAt.class).value();
            return CompletableFuture.supplyAsync(() -> {
                ServiceStack stack = configured(new ServiceStack(root(), logsOf(ahead), "e2e"), startAt)
                        .identityProvider(keycloak())
                        .consolesRegisteredLater();
                try {
                    stack.start(READY_WITHIN);
                } catch (RuntimeException | Error e) {
                    stack.close();
                    throw e;
                }
                return stack;
            }, onThreadOfItsOwn("stack-of-" + ahead.getSimpleName()));
        });
    }

    /** Runs a start on a daemon thread of its own, so a test JVM that ends never waits for it. */
    private static Executor onThreadOfItsOwn(String name) {
        return start -> {
            Thread thread = new Thread(start, name);
            thread.setDaemon(true);
            thread.start();
        };
    }

    /** Closes the stacks started ahead for a class that never ran (a run stopped early, a filtered run). */
    static void closeStacksNeverTaken() {
        STARTED_AHEAD.values().forEach(ahead -> ahead.thenAccept(ServiceStack::close).exceptionally(failed -> null).join());
        STARTED_AHEAD.clear();
    }

    /** The run's Keycloak, started on first use (about a minute) and stopped when the test JVM ends. */
    static LocalKeycloak keycloak() {
        return ready(startKeycloakInBackground());
    }

    /** Waits for a start; its failure is thrown as it was thrown. */
    private static <T> T ready(CompletableFuture<T> start) {
        try {
            return start.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * Starts the run's Keycloak on a thread of its own, unless it is started or starting already, so that its
     * minute of start-up overlaps tests that need none ({@link KeycloakStartedAhead}).
     */
    static synchronized CompletableFuture<LocalKeycloak> startKeycloakInBackground() {
        if (keycloak == null) {
            keycloak = CompletableFuture.supplyAsync(() -> {
                LocalKeycloak server = LocalKeycloak.throwAway(root(), root().resolve("e2e-tests/target/stack-logs/keycloak.log"));
                Runtime.getRuntime().addShutdownHook(new Thread(server::destroy));
                // The first start on a freshly unpacked server builds it once: minutes on a loaded 2-core machine.
                server.start(Duration.ofSeconds(900), false);
                return server;
            }, onThreadOfItsOwn("keycloak-start"));
        }
        return keycloak;
    }

    /**
     * The Keycloak user for a role (its name) or a lead unit (the unit's id as its name), made on first use; every
     * user of the test realm has the same password.
     */
    static String user(String role, String leadUnit) {
        String username = leadUnit != null ? leadUnit : role;
        if (USERS.add(username)) {
            keycloak().ensureUser(username, leadUnit != null ? "单位 " + leadUnit : role, role, leadUnit);
        }
        return username;
    }

    /** An access token from Keycloak (password grant) for the role or lead unit, as the API's clients get one. */
    static String token(String role, String leadUnit) {
        return keycloak().token(user(role, leadUnit));
    }

    /**
     * A stack verifying test-minted tokens (no Keycloak), with the databases on a started private cluster, so the test
     * can stop PostgreSQL; not started yet. Its clock starts at {@code startAt} (ISO-8601 with offset).
     */
    static ServiceStack startingAt(Class<?> testClass, String startAt, PrivatePostgresCluster cluster) {
        return configured(new ServiceStack(root(), logsOf(testClass), "e2e"), startAt)
                .onPrivateCluster(cluster);
    }

    private static Path logsOf(Class<?> testClass) {
        return root().resolve("e2e-tests/target/stack-logs").resolve(testClass.getSimpleName());
    }

    private static ServiceStack configured(ServiceStack stack, String startAt) {
        return stack.jvmOptions(JVM_OPTIONS)
                .env("LIVELIHOOD_CLOCK_ADJUSTABLE", "true")
                .env("LIVELIHOOD_CLOCK_START_AT", startAt)
                .env("LIVELIHOOD_ALERTS_SWEEP_EVERY", "1s")
                // The fault suite sends 10,000 submissions from one unit as fast as they are answered; the write
                // limit per unit has tests of its own (progress-service) and a benchmark.
                .env("LIVELIHOOD_RATE_LIMIT_WRITES_PER_SECOND", "100000")
                .env("LIVELIHOOD_RATE_LIMIT_BURST", "100000")
                // The signing key of the webhook subscriptions the tests make, by the name they give (e2e-hook).
                .env("LIVELIHOOD_DELIVERY_SECRETS_E2E_HOOK", RobotReceivers.HOOK_KEY);
    }

    /**
     * A JSON call to a service of the stack as the role (or the lead unit) with its Keycloak token, as the console's
     * pages call it: in Chinese (the pages' language, so a refusal reads as the page shows it), amounts read as
     * BigDecimal (JsonPath's default float would turn 863,534,000.00 into 863,534,020), logged when it fails.
     */
    static RequestSpecification asWithExactAmounts(ServiceStack stack, String service, String role, String unit) {
        return RestAssured.given().config(RestAssured.config().jsonConfig(JsonConfig.jsonConfig()
                        .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL)))
                .header("Accept-Language", "zh-CN")
                .baseUri(stack.url(service)).contentType(ContentType.JSON).accept(ContentType.JSON)
                .auth().oauth2(token(role, unit)).log().ifValidationFails().when();
    }

    /** Stops a browser and a stack, either of which may never have started. */
    static void stop(ConsoleBrowser browser, ServiceStack stack) {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
    }

    /** The repository's root, where the packaged services and the unpacked Keycloak are. */
    static Path root() {
        return Paths.get(System.getProperty("livelihood.repository.root", "..")).toAbsolutePath().normalize();
    }

    private EndToEndStacks() {
    }
}
