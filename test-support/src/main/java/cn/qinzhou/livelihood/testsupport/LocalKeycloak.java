package cn.qinzhou.livelihood.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Keycloak (the OpenID Connect provider) for the local stack and the end-to-end tests: the server
 * distribution the deploy/keycloak module unpacks, started in development mode as a child process with the realm
 * of deploy/keycloak/livelihood-realm.json. Its secrets (the console clients', the integration client's, the
 * users' password, the admin's) are made here for each start and handed to the realm through the placeholders it
 * names, so none is written in the repository. Through the admin API it points the console clients at the
 * services' addresses, adds a user per lead unit, and lets tests shorten token lifetimes, end sessions and rotate
 * the signing key.
 */
public final class LocalKeycloak implements AutoCloseable {

    public static final String REALM = "livelihood";
    /** The public client with the password grant, for scripts and tests that call the API as a person. */
    public static final String CLI_CLIENT = "livelihood-cli";
    /** The confidential client with a service account (role dashboard), for integrations. */
    public static final String INTEGRATION_CLIENT = "livelihood-integration";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path home;
    private final Path realmFile;
    private final Path dataDirectory;
    private final Path logFile;
    private final int port;
    private final int managementPort;
    private final String userPassword;
    private final String adminPassword;
    private final String consoleSecret = secret();
    private final String integrationSecret = secret();
    private final String stateSecret = secret();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /**
     * Password-grant tokens by realm and user ({@code realm/username}), each shared until shortly before it expires:
     * each new one is a password check at the provider (a deliberately slow hash) and one more session there.
     */
    private final Map<String, CachedToken> tokens = new ConcurrentHashMap<>();
    private Process process;

    private record CachedToken(String value, Instant renewAfter) {
        /** From a token endpoint's answer: due for renewal {@code earlySeconds} before it expires (after a second at least). */
        static CachedToken of(JsonNode answer, long earlySeconds) {
            return new CachedToken(answer.get("access_token").asText(),
                    Instant.now().plusSeconds(Math.max(1, answer.get("expires_in").asLong() - earlySeconds)));
        }

        boolean usable() {
            return Instant.now().isBefore(renewAfter);
        }
    }

    /**
     * @param home          an unpacked Keycloak server (deploy/keycloak/target/keycloak-VERSION)
     * @param dataDirectory where its database lives; emptied on {@link #start} unless {@code keepData}
     * @param userPassword  every user's password in this realm (the realm file's users and those added here)
     * @param adminPassword the master realm's admin's, set when the database is made: kept data needs the same one
     */
    public LocalKeycloak(Path home, Path realmFile, Path dataDirectory, Path logFile, int port, int managementPort,
                         String userPassword, String adminPassword) {
        this.adminPassword = adminPassword;
        this.home = home;
        this.realmFile = realmFile;
        this.dataDirectory = dataDirectory;
        this.logFile = logFile;
        this.port = port;
        this.managementPort = managementPort;
        this.userPassword = userPassword;
    }

    /** A throw-away instance on free ports, from the repository's unpacked server and realm file. */
    public static LocalKeycloak throwAway(Path repositoryRoot, Path logFile) {
        try {
            return new LocalKeycloak(install(repositoryRoot), repositoryRoot.resolve("deploy/keycloak/livelihood-realm.json"),
                    Files.createTempDirectory("keycloak-data-"), logFile, LocalKafkaBroker.freePort(),
                    LocalKafkaBroker.freePort(), secret(), secret());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server the deploy/keycloak module unpacked into its target directory. */
    public static Path install(Path repositoryRoot) {
        Path target = repositoryRoot.resolve("deploy/keycloak/target");
        try (var entries = Files.list(target)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("keycloak-") && Files.isDirectory(p.resolve("bin")))
                    .findFirst().orElseThrow();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("no unpacked Keycloak under " + target
                    + ": build the deploy/keycloak module first (./mvnw -pl deploy/keycloak generate-resources)", e);
        }
    }

    /**
     * Starts the server and waits until the realm answers. The first start on an unpacked server adds a build step
     * of a minute; a fresh database imports the realm (about 45 s on two cores), a kept one restarts in about 20 s.
     */
    public void start(Duration timeout, boolean keepData) {
        // On new data the realms have new signing keys: no token of an earlier start is good there.
        tokens.clear();
        try {
            if (!keepData) {
                deleteTree(dataDirectory);
            }
            Files.createDirectories(dataDirectory);
            Files.createDirectories(logFile.getParent());
            Path imports = Files.createDirectories(home.resolve("data/import"));
            Files.copy(realmFile, imports.resolve(realmFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + managementPort,
                "--hostname-strict=false", "--import-realm", "--health-enabled=true",
                "--db-url=jdbc:h2:file:" + dataDirectory.resolve("keycloakdb") + ";NON_KEYWORDS=VALUE");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> environment = builder.environment();
        environment.put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        environment.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        environment.put("LIVELIHOOD_CONSOLE_SECRET", consoleSecret);
        environment.put("LIVELIHOOD_INTEGRATION_SECRET", integrationSecret);
        environment.put("LIVELIHOOD_USER_PASSWORD", userPassword);
        // The console clients' addresses until registerConsole names the real ones.
        for (String service : ServiceStack.SERVICES) {
            environment.put(service.toUpperCase().replace('-', '_') + "_URL", "http://127.0.0.1");
        }
        environment.putIfAbsent("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        // Its start (and, after an unpack, its build) is most of its work here: C2 kept for what stays hot, as in the services.
        environment.putIfAbsent("JAVA_OPTS_APPEND", String.join(" ", ServiceStack.RAISED_C2_THRESHOLDS));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; " + logTail());
            }
            if (status(realmUrl() + "/.well-known/openid-configuration") == 200) {
                useThisStartsSecrets();
                return;
            }
            sleep(500);
        }
        throw new IllegalStateException("Keycloak not ready within " + timeout + "; " + logTail());
    }

    /**
     * The realm file is imported only into a new database: on kept data the clients still hold the secrets of the
     * first start, so this start's are set again.
     */
    private void useThisStartsSecrets() {
        for (String service : ServiceStack.SERVICES) {
            ObjectNode console = client(service + "-console");
            console.put("secret", consoleSecret);
            admin("PUT", "/clients/" + console.get("id").asText(), console);
        }
        ObjectNode integration = client(INTEGRATION_CLIENT);
        integration.put("secret", integrationSecret);
        admin("PUT", "/clients/" + integration.get("id").asText(), integration);
    }

    /** The issuer and the base of the provider's endpoints, as the services are told (OIDC_AUTH_SERVER_URL). */
    public String realmUrl() {
        return "http://127.0.0.1:" + port + "/realms/" + REALM;
    }

    public int port() {
        return port;
    }

    public String userPassword() {
        return userPassword;
    }

    public String integrationSecret() {
        return integrationSecret;
    }

    /** What a service needs to verify the provider's tokens and to sign people in to its console. */
    public Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OIDC_AUTH_SERVER_URL", realmUrl());
        env.put("OIDC_CONSOLE_ENABLED", "true");
        env.put("OIDC_CONSOLE_SECRET", consoleSecret);
        env.put("OIDC_STATE_SECRET", stateSecret);
        return env;
    }

    /**
     * Points a service's console client at where the service listens: where the login may return to, whose
     * origin may call, where the provider sends a back-channel logout.
     */
    public void registerConsole(String service, String baseUrl) {
        ObjectNode client = client(service + "-console");
        client.put("rootUrl", baseUrl);
        client.set("redirectUris", JSON.createArrayNode().add(baseUrl + "/*"));
        client.set("webOrigins", JSON.createArrayNode().add(baseUrl));
        ObjectNode attributes = (ObjectNode) client.get("attributes");
        attributes.put("backchannel.logout.url", baseUrl + "/console/back-channel-logout");
        attributes.put("post.logout.redirect.uris", baseUrl + "/*");
        admin("PUT", "/clients/" + client.get("id").asText(), client);
    }

    /** Adds a person (or finds them): the role, and for a lead unit its id in the lead_unit attribute. */
    public String ensureUser(String username, String displayName, String role, String leadUnit) {
        ObjectNode user = JSON.createObjectNode().put("username", username).put("enabled", true)
                .put("emailVerified", true).put("firstName", displayName).put("email", username + "@livelihood.qinzhou.local");
        if (leadUnit != null) {
            user.set("attributes", JSON.createObjectNode().set("lead_unit", JSON.createArrayNode().add(leadUnit)));
        }
        user.set("credentials", JSON.createArrayNode().add(JSON.createObjectNode()
                .put("type", "password").put("value", userPassword).put("temporary", false)));
        HttpResponse<String> created = adminCall("POST", "/users", user);
        if (created.statusCode() != 201 && created.statusCode() != 409) {
            throw new IllegalStateException("creating user " + username + ": " + created.statusCode() + " " + created.body());
        }
        String id = userId(username);
        JsonNode roleRepresentation = admin("GET", "/roles/" + role, null);
        admin("POST", "/users/" + id + "/role-mappings/realm", JSON.createArrayNode().add(roleRepresentation));
        return id;
    }

    /** A user per lead unit of a responsibility table (CSV with lead_unit_id and lead_unit_name columns). */
    public List<String> ensureLeadUnitUsers(Path responsibilityTable) {
        try {
            List<String> lines = Files.readAllLines(responsibilityTable, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.startsWith("#") && !line.isBlank()).toList();
            List<String> header = List.of(lines.get(0).split(","));
            int idColumn = header.indexOf("lead_unit_id");
            int nameColumn = header.indexOf("lead_unit_name");
            Map<String, String> units = new LinkedHashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                units.putIfAbsent(cells[idColumn], cells[nameColumn]);
            }
            units.forEach((id, name) -> ensureUser(id, name, "lead-unit", id));
            return new ArrayList<>(units.keySet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An access token for the user by the password grant, reused until a minute before it expires. */
    public String token(String username) {
        return passwordGrant(REALM, Map.of("grant_type", "password", "client_id", CLI_CLIENT, "username", username,
                "password", userPassword, "scope", "openid"), 60);
    }

    /** The integration client's token by client credentials (its service account has the dashboard role). */
    public String integrationToken() {
        return tokenRequest(Map.of("grant_type", "client_credentials", "client_id", INTEGRATION_CLIENT,
                "client_secret", integrationSecret)).get("access_token").asText();
    }

    /** Access tokens (and so the console's sessions before a refresh) of this realm last this long from now on. */
    public void accessTokenLifespan(Duration lifespan) {
        admin("PUT", "", JSON.createObjectNode().put("accessTokenLifespan", lifespan.toSeconds()));
        forgetTokens(REALM);
    }

    /** Ends every session of the user at the provider, as an administrator would. */
    public void endSessions(String username) {
        admin("POST", "/users/" + userId(username) + "/logout", null);
    }

    /** How many sessions the user has at the provider. */
    public int sessionCount(String username) {
        return admin("GET", "/users/" + userId(username) + "/sessions", null).size();
    }

    /**
     * Adds a new RSA signing key of higher priority: tokens issued from now on name a key id the services have not
     * seen, and must still be accepted (the services fetch the provider's keys again).
     */
    public void rotateSigningKey() {
        JsonNode realm = admin("GET", "", null);
        ObjectNode component = JSON.createObjectNode().put("name", "rotated-" + System.nanoTime())
                .put("providerId", "rsa-generated").put("providerType", "org.keycloak.keys.KeyProvider")
                .put("parentId", realm.get("id").asText());
        ObjectNode config = JSON.createObjectNode();
        config.set("priority", JSON.createArrayNode().add(String.valueOf(System.currentTimeMillis() / 1000)));
        config.set("algorithm", JSON.createArrayNode().add("RS256"));
        component.set("config", config);
        HttpResponse<String> answer = adminCall("POST", "/components", component);
        if (answer.statusCode() != 201) {
            throw new IllegalStateException("adding a key: " + answer.statusCode() + " " + answer.body());
        }
        forgetTokens(REALM);
    }

    /** The key id the provider signs with now. */
    public String activeSigningKeyId() {
        JsonNode keys = admin("GET", "/keys", null);
        return keys.get("active").get("RS256").asText();
    }

    private ObjectNode client(String clientId) {
        JsonNode found = admin("GET", "/clients?clientId=" + clientId, null);
        if (found.isEmpty()) {
            throw new IllegalStateException("no client " + clientId + " in realm " + REALM);
        }
        return (ObjectNode) found.get(0);
    }

    private String userId(String username) {
        JsonNode found = admin("GET", "/users?exact=true&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8), null);
        if (found.isEmpty()) {
            throw new IllegalStateException("no user " + username);
        }
        return found.get(0).get("id").asText();
    }

    private JsonNode admin(String method, String path, JsonNode body) {
        HttpResponse<String> answer = adminCall(method, path, body);
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + ": " + answer.statusCode() + " " + answer.body());
        }
        try {
            return answer.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> adminCall(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/realms/" + REALM + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        return send(request.build());
    }

    /** admin-cli's tokens live a minute: one serves the calls of its first 40 s. */
    private String adminToken() {
        return passwordGrant("master", Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin",
                "password", adminPassword), 20);
    }

    /** The form's user's cached token of the realm, or a new one by that grant, due {@code earlySeconds} before it expires. */
    private String passwordGrant(String realm, Map<String, String> form, long earlySeconds) {
        String key = realm + "/" + form.get("username");
        CachedToken cached = tokens.get(key);
        if (cached != null && cached.usable()) {
            return cached.value();
        }
        CachedToken fresh = CachedToken.of(tokenRequest(realm, form), earlySeconds);
        tokens.put(key, fresh);
        return fresh.value();
    }

    /** Tokens of the realm issued before its keys or lifespan changed are no longer the ones a test means to use. */
    private void forgetTokens(String realm) {
        tokens.keySet().removeIf(key -> key.startsWith(realm + "/"));
    }

    private JsonNode tokenRequest(Map<String, String> form) {
        return tokenRequest(REALM, form);
    }

    private JsonNode tokenRequest(String realm, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> answer = send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/realms/" + realm + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("token request to realm " + realm + ": " + answer.statusCode() + " " + answer.body());
        }
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return "log " + logFile + " ends:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "log " + logFile + " unreadable";
        }
    }

    /** Stops the server (kc.sh and the JVM it starts) and keeps its data directory. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
        process = null;
    }

    /** Stops the server and removes its data. */
    public void destroy() {
        close();
        deleteTree(dataDirectory);
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String secret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
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
