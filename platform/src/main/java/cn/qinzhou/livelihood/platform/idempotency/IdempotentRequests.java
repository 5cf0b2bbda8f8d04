package cn.qinzhou.livelihood.platform.idempotency;

import cn.qinzhou.livelihood.platform.problem.Problem;
import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@value #HEADER} header of bulk writes: a request repeated with the same key by the same caller within
 * 24 hours gets the first one's answer and is not applied again; the same key with another request is refused.
 * The key is reserved in a transaction of its own before the work runs and the answer recorded after it, so a
 * batch whose items commit one by one is covered as well as an all-or-nothing import. A refusal (4xx) is not
 * remembered: it changed nothing, so the key may be sent again with a corrected request.
 */
@ApplicationScoped
public class IdempotentRequests {

    public static final String HEADER = "Idempotency-Key";
    public static final Duration KEPT = Duration.ofHours(24);
    /** A reservation without an answer this long was left by a process that stopped mid-request. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);
    private static final int MAX_KEY_LENGTH = 255;

    /**
     * One request as its key, its caller and what it asks: {@code description} is its method and path (and content
     * type when it matters); {@code body} is an upload's bytes, or a parsed JSON body, compared as written back.
     */
    public record Request(String key, String caller, String description, Object body) {
    }

    private record Reservation(String fingerprint, Integer status, String body, boolean abandoned) {
    }

    private final EntityManager em;
    private final ObjectMapper mapper;
    private final MovableClock clock;

    public IdempotentRequests(EntityManager em, ObjectMapper mapper, MovableClock clock) {
        this.em = em;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Answers 200 with the work's result as JSON, running the work at most once per key; without a key the work
     * simply runs. The work must run its own transactions: none is open around it.
     */
    public Response once(Request request, Supplier<?> work) {
        if (request.key() == null) {
            return Response.ok(work.get()).build();
        }
        String key = checked(request.key());
        String fingerprint = fingerprint(request);
        Optional<Response> earlier = QuarkusTransaction.requiringNew().call(() -> reserve(request.caller(), key, fingerprint));
        if (earlier.isPresent()) {
            return earlier.get();
        }
        String body;
        try {
            body = toJson(work.get());
        } catch (RuntimeException e) {
            QuarkusTransaction.requiringNew().run(() -> release(request.caller(), key));
            throw e;
        }
        QuarkusTransaction.requiringNew().run(() -> record(request.caller(), key, body));
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private Optional<Response> reserve(String caller, String key, String fingerprint) {
        Instant now = clock.instant();
        em.createNativeQuery("delete from idempotent_request where reserved_at < :expired")
                .setParameter("expired", utc(now.minus(KEPT))).executeUpdate();
        int inserted = em.createNativeQuery("""
                        insert into idempotent_request (caller, idempotency_key, fingerprint, reserved_at)
                        values (:caller, :key, :fingerprint, :now) on conflict do nothing""")
                .setParameter("caller", caller).setParameter("key", key).setParameter("fingerprint", fingerprint)
                .setParameter("now", utc(now)).executeUpdate();
        if (inserted == 1) {
            return Optional.empty();
        }
        Reservation earlier = find(caller, key, now);
        if (!earlier.fingerprint().equals(fingerprint)) {
            throw ProblemException.of(422, List.of(Problem.Violation.of(HEADER, "platform.idempotency.reused")),
                    "platform.idempotency.reused.detail");
        }
        if (earlier.status() != null) {
            return Optional.of(Response.status(earlier.status()).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(earlier.body()).build());
        }
        if (earlier.abandoned() && takeOver(caller, key, now)) {
            return Optional.empty();
        }
        throw ProblemException.of(409, List.of(Problem.Violation.of(HEADER, "platform.idempotency.in-use")),
                "platform.idempotency.in-use.detail");
    }

    private Reservation find(String caller, String key, Instant now) {
        Object[] row = (Object[]) em.createNativeQuery("""
                        select fingerprint, response_status, response_body, reserved_at < :abandoned
                        from idempotent_request where caller = :caller and idempotency_key = :key""")
                .setParameter("abandoned", utc(now.minus(ABANDONED_AFTER)))
                .setParameter("caller", caller).setParameter("key", key).getSingleResult();
        return new Reservation((String) row[0], row[1] == null ? null : ((Number) row[1]).intValue(), (String) row[2],
                Boolean.TRUE.equals(row[3]));
    }

    private boolean takeOver(String caller, String key, Instant now) {
        return em.createNativeQuery("""
                        update idempotent_request set reserved_at = :now
                        where caller = :caller and idempotency_key = :key and response_status is null
                          and reserved_at < :abandoned""")
                .setParameter("now", utc(now)).setParameter("abandoned", utc(now.minus(ABANDONED_AFTER)))
                .setParameter("caller", caller).setParameter("key", key).executeUpdate() == 1;
    }

    private void release(String caller, String key) {
        em.createNativeQuery("""
                        delete from idempotent_request
                        where caller = :caller and idempotency_key = :key and response_status is null""")
                .setParameter("caller", caller).setParameter("key", key).executeUpdate();
    }

    private void record(String caller, String key, String body) {
        em.createNativeQuery("""
                        update idempotent_request set response_status = 200, response_body = :body
                        where caller = :caller and idempotency_key = :key""")
                .setParameter("body", body).setParameter("caller", caller).setParameter("key", key).executeUpdate();
    }

    private static String checked(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ProblemException.rule(HEADER, "platform.idempotency.bad-key", MAX_KEY_LENGTH);
        }
        return key;
    }

    private String fingerprint(Request request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(request.description().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            digest.update(request.body() instanceof byte[] bytes ? bytes : toJson(request.body()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private String toJson(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot be written as JSON: " + value.getClass().getSimpleName(), e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
