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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

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

    /**
     * @param testClass whose stack it is: its logs go to {@code e2e-tests/target/stack-logs/<class>/}, where the next
     *                  class's stack does not overwrite them
     * @param startAt   where every service's clock starts, ISO-8601 with offset; people sign in at the test Keycloak
     */
    static ServiceStack startingAt(Class<?> testClass, String startAt) {
        return configured(new ServiceStack(root(), logsOf(testClass), "e2e"), startAt)
                .identityProvider(keycloak());
    }

    /** The run's Keycloak, started on first use (about a minute) and stopped when the test JVM ends. */
    static LocalKeycloak keycloak() {
        try {
            return startKeycloakInBackground().join();
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
            CompletableFuture<LocalKeycloak> starting = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    LocalKeycloak server = LocalKeycloak.throwAway(root(), root().resolve("e2e-tests/target/stack-logs/keycloak.log"));
                    Runtime.getRuntime().addShutdownHook(new Thread(server::destroy));
                    // The first start on a freshly unpacked server builds it once: minutes on a loaded 2-core machine.
                    server.start(Duration.ofSeconds(900), false);
                    starting.complete(server);
                } catch (RuntimeException | Error e) {
                    starting.completeExceptionally(e);
                }
            }, "keycloak-start");
            thread.setDaemon(true);
            thread.start();
            keycloak = starting;
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

    /** The same, with the databases on a started private cluster, so the test can stop PostgreSQL. */
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
