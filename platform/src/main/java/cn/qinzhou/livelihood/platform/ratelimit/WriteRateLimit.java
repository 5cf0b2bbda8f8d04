package cn.qinzhou.livelihood.platform.ratelimit;

import cn.qinzhou.livelihood.platform.problem.Messages;
import cn.qinzhou.livelihood.platform.problem.Problem;
import cn.qinzhou.livelihood.platform.security.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;


import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes (POST, PUT, PATCH, DELETE) per caller: a token bucket per lead unit (the token's {@code lead_unit}
 * claim, whoever in the unit sends them) or, for callers without a unit, per token subject. A caller over its
 * allowance gets 429 problem+json naming the limit, with Retry-After in seconds, before the endpoint runs: the
 * refused write changes nothing. One unit flooding thus spends its own allowance, not the others' share of the
 * database and the consumers. Reads are not limited.
 *
 * <p>The refusal itself is held back for between half and all of {@code refusal-delay} (1 s, never past Retry-After)
 * before it is sent: a client that ignores Retry-After and sends again as soon as it is answered then costs one or
 * two requests a second per connection instead of thousands, and the others keep the machine. The wait is a timer on
 * the request's event loop, not a thread.
 *
 * <p>The buckets are in this instance's memory: with N replicas behind a load balancer a caller gets up to N
 * times the limit. Settings: {@code livelihood.rate-limit.enabled} (true), {@code writes-per-second} (2),
 * {@code burst} (20) and {@code refusal-delay} (PT1S).
 */
public class WriteRateLimit {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** Past this many callers, the ones that have been quiet long enough to have a full bucket are forgotten. */
    private static final int FORGET_ABOVE = 10_000;

    private final ConcurrentMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    @Inject
    SecurityIdentity identity;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "livelihood.rate-limit.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "livelihood.rate-limit.writes-per-second", defaultValue = "2")
    double writesPerSecond;

    @ConfigProperty(name = "livelihood.rate-limit.burst", defaultValue = "20")
    int burst;

    @ConfigProperty(name = "livelihood.rate-limit.refusal-delay", defaultValue = "PT1S")
    Duration refusalDelay;

    /**
     * On the event loop, before a blocking endpoint takes a worker thread: a refused write never holds one. Before the
     * body is read ahead (requestbody JsonBodiesReadAhead), so a refused write's body is not read.
     */
    @ServerRequestFilter(nonBlocking = true, priority = Priorities.USER - 1)
    public Uni<Response> limitWrites(ContainerRequestContext request) {
        if (!enabled || !WRITES.contains(request.getMethod().toUpperCase(Locale.ROOT)) || identity.isAnonymous()) {
            // An anonymous write is refused with 401 by the security checks; there is nobody to count it against.
            return PASS;
        }
        String caller = callerOf(identity);
        long now = System.nanoTime();
        if (buckets.size() > FORGET_ABOVE) {
            buckets.values().removeIf(bucket -> bucket.isFull(now));
        }
        long retryAfter = buckets.computeIfAbsent(caller, key -> new TokenBucket(writesPerSecond, burst, now)).take(now);
        if (retryAfter == 0) {
            return PASS;
        }
        String detail = Messages.text("platform.rate-limit", caller, format(writesPerSecond), burst, retryAfter);
        Response refusal = Response.status(429).type(Problem.MEDIA_TYPE)
                .header("Retry-After", Long.toString(retryAfter))
                .entity(new Problem("about:blank", Messages.title(429), 429, detail, List.of()))
                .build();
        Duration delay = refusalDelay.compareTo(Duration.ofSeconds(retryAfter)) > 0 ? Duration.ofSeconds(retryAfter) : refusalDelay;
        if (delay.isZero()) {
            return Uni.createFrom().item(refusal);
        }
        // Between half and all of the delay, at random: held back by the same delay, a flood's connections stay in step
        // and all come back in the same few milliseconds each second, where any other caller's request waits behind them.
        long millis = Math.max(1, delay.toMillis() / 2 + ThreadLocalRandom.current().nextLong(delay.toMillis() / 2 + 1));
        // A Vert.x timer, so the refusal is sent from this request's event loop, not queued on the worker pool (as
        // Mutiny's delayIt would) before the other callers' requests.
        return Uni.createFrom().emitter(emitter -> vertx.setTimer(millis, timer -> emitter.complete(refusal)));
    }

    /** A null response lets the request go on to its endpoint. */
    private static final Uni<Response> PASS = Uni.createFrom().nullItem();

    /** The lead unit when the token names one (all of a unit's people share its allowance), else the subject. */
    static String callerOf(SecurityIdentity identity) {
        String unit = Caller.leadUnitOf(identity.getPrincipal());
        if (unit != null && !unit.isBlank()) {
            return "lead unit " + unit;
        }
        return "caller " + identity.getPrincipal().getName();
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
