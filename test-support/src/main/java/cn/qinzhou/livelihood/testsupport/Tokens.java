package cn.qinzhou.livelihood.testsupport;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import org.eclipse.microprofile.jwt.Claims;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Mints RS256 bearer tokens shaped like the identity provider's (issuer, audience {@value #AUDIENCE}, {@code groups}
 * and {@code lead_unit} claims), for the services' own tests and for stacks run without an identity provider (the
 * fault suite, the benchmarks): there the services verify them with a fixed public key ({@code quarkus.oidc.public-key})
 * instead of the provider's JWKS. Made with smallrye-jwt-build; run with the classpath the build writes to
 * target/runtime-classpath.txt:
 * <pre>
 *   java -cp test-support.jar:$(cat target/runtime-classpath.txt) cn.qinzhou.livelihood.testsupport.Tokens generate-keys DIR
 *   java -cp test-support.jar:$(cat target/runtime-classpath.txt) cn.qinzhou.livelihood.testsupport.Tokens mint DIR/private.pem ROLE [LEAD_UNIT] [SUBJECT]
 * </pre>
 * The local stack and the end-to-end tests sign in through Keycloak (LocalKeycloak); nothing here is used in production.
 */
public final class Tokens {

    public static final String ISSUER = "https://livelihood.qinzhou.local/issuer";
    public static final String LEAD_UNIT_CLAIM = "lead_unit";
    /** The audience every service requires (quarkus.oidc.token.audience); the provider's tokens carry it too. */
    public static final String AUDIENCE = "livelihood";

    /** How long {@link #forRole} hands out the same token; it is valid for an hour. */
    static final Duration REUSED_FOR = Duration.ofMinutes(10);

    private static final ConcurrentMap<String, Minted> MINTED = new ConcurrentHashMap<>();
    private static KeyPair testKeys;
    private static Path testPublicKey;

    /** The key pair of this test JVM, created on first use; its public key file is what services verify with. */
    public static synchronized Path testPublicKeyFile() {
        if (testKeys == null) {
            try {
                testKeys = newKeyPair();
                testPublicKey = Files.createTempFile("livelihood-jwt-", ".pem");
                Files.writeString(testPublicKey, pem("PUBLIC KEY", testKeys.getPublic().getEncoded()));
                testPublicKey.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return testPublicKey;
    }

    /** The test public key as {@code quarkus.oidc.public-key} takes it: the key's DER, base64, without PEM armour. */
    public static String testPublicKey() {
        return publicKeyOf(testPublicKeyFile());
    }

    /** The public key in a PEM file, as {@code quarkus.oidc.public-key} takes it. */
    public static String publicKeyOf(Path pemFile) {
        try {
            return Files.readString(pemFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A valid token for the role (and lead unit, for {@code lead-unit}), the same one for up to {@link #REUSED_FOR}
     * as a signed-in client keeps its token: an RS256 signature per request cost the tests more CPU than the request,
     * and a new token every time kept the services' verified-token cache from ever being used.
     */
    public static String forRole(String role, String leadUnit) {
        Instant now = Instant.now();
        Minted minted = MINTED.compute(role + "|" + leadUnit, (key, held) ->
                held != null && held.issuedAt().plus(REUSED_FOR).isAfter(now) ? held : new Minted(freshForRole(role, leadUnit), now));
        return minted.token();
    }

    /** A valid token for the role (and lead unit) never handed out before: for what must see a token for the first time. */
    public static String freshForRole(String role, String leadUnit) {
        return forRoleExpiringIn(role, leadUnit, Duration.ofHours(1));
    }

    /** A valid token for the role that expires after {@code lifetime}: for what must stop being honoured then. */
    public static String forRoleExpiringIn(String role, String leadUnit, Duration lifetime) {
        testPublicKeyFile();
        return sign(testKeys.getPrivate(), ISSUER, role, leadUnit, role + (leadUnit == null ? "" : ":" + leadUnit),
                Instant.now(), lifetime);
    }

    public static String expired(String role) {
        testPublicKeyFile();
        return sign(testKeys.getPrivate(), ISSUER, role, null, role, Instant.now().minus(Duration.ofHours(3)), Duration.ofHours(1));
    }

    public static String wrongIssuer(String role) {
        testPublicKeyFile();
        return sign(testKeys.getPrivate(), "https://elsewhere.example/issuer", role, null, role, Instant.now(), Duration.ofHours(1));
    }

    /** Meant for another application: the services require their own audience. */
    public static String wrongAudience(String role) {
        testPublicKeyFile();
        return sign(testKeys.getPrivate(), ISSUER, role, null, role, Instant.now(), Duration.ofHours(1), "another-application");
    }

    /** Signed by a key the services do not trust. */
    public static String badSignature(String role) {
        return sign(newKeyPair().getPrivate(), ISSUER, role, null, role, Instant.now(), Duration.ofHours(1));
    }

    static String sign(PrivateKey key, String issuer, String role, String leadUnit, String subject,
                       Instant issuedAt, Duration lifetime) {
        return sign(key, issuer, role, leadUnit, subject, issuedAt, lifetime, AUDIENCE);
    }

    private static String sign(PrivateKey key, String issuer, String role, String leadUnit, String subject,
                               Instant issuedAt, Duration lifetime, String audience) {
        JwtClaimsBuilder claims = Jwt.issuer(issuer)
                .audience(audience)
                .subject(subject)
                .upn(subject)
                .claim(Claims.jti.name(), UUID.randomUUID().toString())
                .issuedAt(issuedAt)
                .expiresAt(issuedAt.plus(lifetime))
                .groups(Set.of(role));
        if (leadUnit != null) {
            claims.claim(LEAD_UNIT_CLAIM, leadUnit);
        }
        return claims.jws().algorithm(SignatureAlgorithm.RS256).sign(key);
    }

    public static void main(String[] args) throws Exception {
        // JDK logging: jboss-logging would otherwise pick the Log4j API on this classpath and complain it has no provider.
        System.setProperty("org.jboss.logging.provider", "jdk");
        if (args.length >= 2 && args[0].equals("generate-keys")) {
            Path dir = Path.of(args[1]);
            Files.createDirectories(dir);
            KeyPair pair = newKeyPair();
            Files.writeString(dir.resolve("private.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(dir.resolve("public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return;
        }
        if (args.length >= 3 && args[0].equals("mint")) {
            PrivateKey key = KeyUtils.decodePrivateKey(Files.readString(Path.of(args[1])));
            String role = args[2];
            String unit = args.length > 3 && !args[3].isEmpty() ? args[3] : null;
            String subject = args.length > 4 ? args[4] : role + (unit == null ? "" : ":" + unit);
            System.out.println(sign(key, ISSUER, role, unit, subject, Instant.now(), Duration.ofHours(12)));
            return;
        }
        System.err.println("usage: Tokens generate-keys DIR | Tokens mint PRIVATE_PEM ROLE [LEAD_UNIT] [SUBJECT]");
        System.exit(2);
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private Tokens() {
    }

    private record Minted(String token, Instant issuedAt) {
    }
}
