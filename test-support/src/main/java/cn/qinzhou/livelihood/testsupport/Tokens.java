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

/**
 * Mints RS256 bearer tokens the services verify with smallrye-jwt, for tests and for the local stack, with
 * smallrye-jwt-build. The local stack runs it with the classpath the build writes to target/runtime-classpath.txt:
 * <pre>
 *   java -cp test-support.jar:$(cat target/runtime-classpath.txt) cn.qinzhou.livelihood.testsupport.Tokens generate-keys DIR
 *   java -cp test-support.jar:$(cat target/runtime-classpath.txt) cn.qinzhou.livelihood.testsupport.Tokens mint DIR/private.pem ROLE [LEAD_UNIT] [SUBJECT]
 * </pre>
 * In production an identity provider (e.g. Keycloak) issues the tokens; nothing here is used there.
 */
public final class Tokens {

    public static final String ISSUER = "https://livelihood.qinzhou.local/issuer";
    public static final String LEAD_UNIT_CLAIM = "lead_unit";

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

    /** A valid token for the role (and lead unit, for {@code lead-unit}). */
    public static String forRole(String role, String leadUnit) {
        testPublicKeyFile();
        return sign(testKeys.getPrivate(), ISSUER, role, leadUnit, role + (leadUnit == null ? "" : ":" + leadUnit),
                Instant.now(), Duration.ofHours(1));
    }

    public static String expired(String role) {
        testPublicKeyFile();
        return sign(testKeys.getPrivate(), ISSUER, role, null, role, Instant.now().minus(Duration.ofHours(3)), Duration.ofHours(1));
    }

    public static String wrongIssuer(String role) {
        testPublicKeyFile();
        return sign(testKeys.getPrivate(), "https://elsewhere.example/issuer", role, null, role, Instant.now(), Duration.ofHours(1));
    }

    /** Signed by a key the services do not trust. */
    public static String badSignature(String role) {
        return sign(newKeyPair().getPrivate(), ISSUER, role, null, role, Instant.now(), Duration.ofHours(1));
    }

    static String sign(PrivateKey key, String issuer, String role, String leadUnit, String subject,
                       Instant issuedAt, Duration lifetime) {
        JwtClaimsBuilder claims = Jwt.issuer(issuer)
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
}
