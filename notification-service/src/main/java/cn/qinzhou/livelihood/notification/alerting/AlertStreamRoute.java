package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.platform.problem.Messages;
import cn.qinzhou.livelihood.platform.problem.Problem;
import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.platform.security.Caller;
import cn.qinzhou.livelihood.platform.security.Roles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import cn.qinzhou.livelihood.rules.calendar.ReportingCalendar;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Set;

/**
 * {@code GET /alerts/stream}: Server-Sent Events of alert changes. A Vert.x route rather than a JAX-RS resource
 * because a subscriber must cost a connection and a few counters, not a thread: the handler runs on the event
 * loop, checks the caller and hands the connection to {@link AlertStream}. Where the stream starts is explicit:
 * after {@code Last-Event-ID} (or {@code ?after=}); otherwise from now on, after the open alerts when
 * {@code ?snapshot=open} asks for them. {@code ?year=} narrows it to the alerts on one plan year's periods.
 */
@ApplicationScoped
public class AlertStreamRoute {

    static final String PATH = "/alerts/stream";
    private static final Set<String> READERS = Set.of(Roles.SUPERVISOR, Roles.PLANNER, Roles.LEAD_UNIT);

    private final AlertStream stream;
    private final ObjectMapper objectMapper;
    private final PlanYearFilter planYears;
    private final long maxBufferedBytes;

    public AlertStreamRoute(AlertStream stream, ObjectMapper objectMapper, PlanYearFilter planYears,
                            @ConfigProperty(name = "livelihood.alerts.stream.max-buffered-bytes", defaultValue = "1048576")
                            long maxBufferedBytes) {
        this.stream = stream;
        this.objectMapper = objectMapper;
        this.planYears = planYears;
        this.maxBufferedBytes = maxBufferedBytes;
    }

    void register(@Observes Router router) {
        router.get(PATH).handler(this::subscribe);
    }

    private void subscribe(RoutingContext context) {
        Messages.speaking(Messages.choose(context.request().getHeader("Accept-Language")), () -> subscribeIn(context));
    }

    private void subscribeIn(RoutingContext context) {
        SecurityIdentity identity = context.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        if (identity == null || identity.isAnonymous()) {
            context.response().putHeader("WWW-Authenticate", "Bearer");
            problem(context, 401, "platform.unauthorized", List.of());
            return;
        }
        if (READERS.stream().noneMatch(identity::hasRole)) {
            problem(context, 403, "notification.stream.role", List.of());
            return;
        }
        String unitScope = Caller.unitScope(identity);
        if (unitScope != null && unitScope.startsWith("\u0000")) {
            problem(context, 403, "notification.stream.no-unit", List.of());
            return;
        }
        String afterParameter = context.request().getParam("after");
        String lastEventId = context.request().getHeader("Last-Event-ID");
        String snapshot = context.request().getParam("snapshot");
        Long after = null;
        try {
            if (afterParameter != null) {
                after = sequence(afterParameter);
            } else if (lastEventId != null) {
                after = sequence(lastEventId);
            }
        } catch (NumberFormatException e) {
            String field = afterParameter != null ? "after" : "Last-Event-ID";
            problem(context, 400, "notification.stream.bad-sequence.detail",
                    List.of(Problem.Violation.of(field, "notification.stream.bad-sequence")));
            return;
        }
        if (snapshot != null && !snapshot.equals("open")) {
            problem(context, 400, "notification.stream.snapshot.detail",
                    List.of(Problem.Violation.of("snapshot", "notification.stream.snapshot")));
            return;
        }
        ReportingCalendar planYear;
        try {
            planYear = planYears.require(context.request().getParam("year"));
        } catch (ProblemException e) {
            problem(context, e.toProblem());
            return;
        }
        if (snapshot != null && after != null) {
            problem(context, 400, "notification.stream.resume-or-snapshot.detail",
                    List.of(Problem.Violation.of("snapshot", "notification.stream.resume-or-snapshot")));
            return;
        }

        HttpServerResponse response = context.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=UTF-8")
                .putHeader("Cache-Control", "no-store")
                // nginx and other proxies would otherwise hold events back to fill their buffers
                .putHeader("X-Accel-Buffering", "no");
        response.write(Buffer.buffer(": alert changes" + (after != null ? " after " + after : "") + "\n\n"));
        StreamSubscriber subscriber = new StreamSubscriber(response, context.vertx(), FeedScope.of(unitScope, planYear),
                maxBufferedBytes, stream::leave);
        if (after != null) {
            stream.resume(subscriber, after);
        } else if (snapshot != null) {
            stream.snapshotThenJoin(subscriber);
        } else {
            stream.joinNow(subscriber);
        }
    }

    private static long sequence(String text) {
        long value = Long.parseLong(text.trim());
        if (value < 0) {
            throw new NumberFormatException("negative");
        }
        return value;
    }

    private void problem(RoutingContext context, int status, String detailKey, List<Problem.Violation> violations) {
        problem(context, new Problem("about:blank", Messages.title(status), status, Messages.text(detailKey), violations));
    }

    private void problem(RoutingContext context, Problem problem) {
        try {
            context.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(objectMapper.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            context.fail(e);
        }
    }
}
