package cn.qinzhou.livelihood.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throw-away database on the machine's real PostgreSQL (started by deploy/local/ensure-postgres.sh).
 * Every test run gets a database of its own, so runs never see each other's data.
 * Connection settings come from LIVELIHOOD_PG_HOST/PORT/USER/PASSWORD, defaulting to the local set-up;
 * {@link PrivatePostgresCluster#server()} points one at a private cluster instead.
 */
public final class LocalPostgres {

    private final String host;
    private final String port;
    private final String user;
    private final String password;
    private String database;

    /** The machine's PostgreSQL. */
    public LocalPostgres() {
        this(env("LIVELIHOOD_PG_HOST", "127.0.0.1"), env("LIVELIHOOD_PG_PORT", "5432"),
                env("LIVELIHOOD_PG_USER", "livelihood"), env("LIVELIHOOD_PG_PASSWORD", "livelihood"));
    }

    /** Another server, reached as a user allowed to create databases. */
    public LocalPostgres(String host, String port, String user, String password) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** A database that already exists (deploy/local/ensure-postgres.sh creates the local stack's), used as it is. */
    public void useDatabase(String name) {
        database = name;
    }

    public String createDatabase(String prefix) {
        database = (prefix + "_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("MMddHHmmss"))
                + "_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff))).toLowerCase();
        execute("create database " + database + " encoding 'UTF8' template template0");
        return database;
    }

    public void dropDatabase() {
        if (database != null) {
            try {
                execute("drop database if exists " + database + " with (force)");
            } catch (IllegalStateException e) {
                // FORCE may not terminate a backend of another role, such as an autovacuum worker busy after a bulk
                // load; a plain drop stops autovacuum itself once the services' connections are gone.
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                execute("drop database if exists " + database);
            }
            database = null;
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    private void execute(String sql) {
        String adminUrl = "jdbc:postgresql://" + host + ":" + port + "/postgres";
        try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + adminUrl + " as " + user
                    + " is not usable; run deploy/local/ensure-postgres.sh first (" + e.getMessage() + ")", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
