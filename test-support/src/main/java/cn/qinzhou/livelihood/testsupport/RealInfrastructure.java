package cn.qinzhou.livelihood.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} run a fresh database on the real PostgreSQL and a real Kafka broker of its
 * own. Use with {@code @QuarkusTestResource(value = RealInfrastructure.class, initArgs =
 * @ResourceArg(name = "database-prefix", value = "project_test"))}.
 */
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {

    private static LocalKafkaBroker broker;
    private static LocalPostgres postgres;
    private String databasePrefix = "livelihood_test";

    @Override
    public void init(Map<String, String> initArgs) {
        databasePrefix = initArgs.getOrDefault("database-prefix", databasePrefix);
    }

    @Override
    public synchronized Map<String, String> start() {
        postgres = new LocalPostgres();
        postgres.createDatabase(databasePrefix);
        broker = new LocalKafkaBroker();
        broker.start();
        // The plan year project-service announces at its first start: services learn their calendar from it.
        PlanYears.publish(broker.bootstrapServers(), PlanYears.PLAN_2024);
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                "quarkus.datasource.username", postgres.user(),
                "quarkus.datasource.password", postgres.password(),
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                // Services verify bearer tokens against the key pair that Tokens signs with (no provider's JWKS).
                "quarkus.oidc.public-key", Tokens.testPublicKey(),
                "quarkus.oidc.token.issuer", Tokens.ISSUER);
    }

    @Override
    public synchronized void stop() {
        if (broker != null) {
            broker.destroy();
        }
        if (postgres != null) {
            postgres.dropDatabase();
        }
    }

    /** The running broker, for tests that take it away and bring it back. */
    public static LocalKafkaBroker broker() {
        return broker;
    }
}
