package cn.qinzhou.livelihood.notification.delivery;

import cn.qinzhou.livelihood.notification.alerting.Alert;
import cn.qinzhou.livelihood.platform.problem.Problem;
import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.net.URI;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keeps the subscriptions. A lead unit's caller reaches only subscriptions of its own unit, and those always carry the
 * unit as their filter, so a unit is never told of another unit's alerts.
 */
@ApplicationScoped
public class Subscriptions {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>,;\"]+@[^@\\s<>,;\"]+\\.[^@\\s<>,;\"]+");

    private final DeliverySecrets secrets;
    private final MovableClock clock;

    public Subscriptions(DeliverySecrets secrets, MovableClock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    /** A subscription as the API shows it: the target's query (robot keys, access tokens) masked, no secret. */
    public record SubscriptionView(long id, String recipient, Subscription.Channel channel, String target, String secretName,
                                   List<String> rules, Alert.Severity minSeverity, List<Integer> programmeIds,
                                   String leadUnitId, Subscription.Mode mode, String digestTime, String quietFrom,
                                   String quietUntil, String createdBy, Instant createdAt, Instant updatedAt) {

        static SubscriptionView of(Subscription s) {
            return new SubscriptionView(s.id, s.recipient, s.channel, Targets.masked(s.target), s.secretName, s.ruleList(),
                    Alert.Severity.valueOf(s.minSeverity), s.programmeList(), s.leadUnitId, s.mode, text(s.digestTime),
                    text(s.quietFrom), text(s.quietUntil), s.createdBy, s.createdAt, s.updatedAt);
        }

        private static String text(LocalTime time) {
            return time == null ? null : time.toString();
        }
    }

    public List<SubscriptionView> list(String unitScope) {
        List<Subscription> found = unitScope == null ? Subscription.list("order by id")
                : Subscription.list("leadUnitId = ?1 order by id", unitScope);
        return found.stream().map(SubscriptionView::of).toList();
    }

    public Subscription find(long id) {
        Subscription subscription = Subscription.findById(id);
        if (subscription == null) {
            throw ProblemException.notFound("subscription", id);
        }
        return subscription;
    }

    public SubscriptionView view(long id) {
        return SubscriptionView.of(find(id));
    }

    @Transactional
    public SubscriptionView create(SubscriptionRequest request, String leadUnitId, String actor) {
        Subscription subscription = new Subscription();
        subscription.createdBy = actor;
        subscription.createdAt = clock.instant();
        apply(subscription, request, leadUnitId);
        subscription.persist();
        return SubscriptionView.of(subscription);
    }

    @Transactional
    public SubscriptionView replace(long id, SubscriptionRequest request, String leadUnitId) {
        Subscription subscription = find(id);
        apply(subscription, request, leadUnitId);
        return SubscriptionView.of(subscription);
    }

    /** The log keeps what was sent; what was still owed is cancelled, so nothing goes to a recipient who left. */
    @Transactional
    public void delete(long id) {
        Subscription subscription = find(id);
        Delivery.update("state = ?1, updatedAt = ?2 where subscriptionId = ?3 and state in ?4", Delivery.State.CANCELLED,
                clock.instant(), subscription.id, List.of(Delivery.State.PENDING, Delivery.State.AWAITING_DIGEST));
        subscription.delete();
    }

    private void apply(Subscription subscription, SubscriptionRequest request, String leadUnitId) {
        validate(request);
        subscription.recipient = request.recipient().trim();
        subscription.channel = request.channel();
        subscription.target = request.target().trim();
        subscription.secretName = request.secretName();
        subscription.rules = request.rules() == null ? "" : request.rules().stream().distinct().map(Enum::name)
                .collect(Collectors.joining(","));
        subscription.minSeverity = Objects.requireNonNullElse(request.minSeverity(), Alert.Severity.INFO).name();
        subscription.programmeIds = request.programmeIds() == null ? "" : request.programmeIds().stream().distinct()
                .map(String::valueOf).collect(Collectors.joining(","));
        subscription.leadUnitId = leadUnitId;
        subscription.mode = request.mode();
        subscription.digestTime = request.digestTime() == null ? LocalTime.of(9, 0) : LocalTime.parse(request.digestTime());
        subscription.quietFrom = request.quietFrom() == null ? null : LocalTime.parse(request.quietFrom());
        subscription.quietUntil = request.quietUntil() == null ? null : LocalTime.parse(request.quietUntil());
        subscription.updatedAt = clock.instant();
    }

    /** The rules that need more than one field or the configuration; single fields are checked by their annotations. */
    private void validate(SubscriptionRequest request) {
        List<Problem.Violation> violations = new ArrayList<>();
        String target = request.target().trim();
        if (request.channel() == Subscription.Channel.EMAIL) {
            if (!EMAIL.matcher(target).matches()) {
                violations.add(Problem.Violation.of("target", "notification.target.email"));
            }
        } else if (!Targets.isHttpUrl(target)) {
            violations.add(Problem.Violation.of("target", "notification.target.url", request.channel()));
        }
        boolean signed = request.channel() == Subscription.Channel.DINGTALK || request.channel() == Subscription.Channel.WEBHOOK;
        if (signed && request.secretName() == null) {
            violations.add(Problem.Violation.of("secretName", "notification.secret.required", request.channel(),
                    DeliverySecrets.PREFIX));
        } else if (!signed && request.secretName() != null) {
            violations.add(Problem.Violation.of("secretName", "notification.secret.unwanted", request.channel()));
        } else if (signed && !secrets.exists(request.secretName())) {
            violations.add(Problem.Violation.of("secretName", "notification.secret.unknown",
                    DeliverySecrets.PREFIX + request.secretName()));
        }
        if ((request.quietFrom() == null) != (request.quietUntil() == null)) {
            violations.add(Problem.Violation.of(request.quietFrom() == null ? "quietFrom" : "quietUntil",
                    "notification.quiet.together", request.quietFrom() == null ? "quietUntil" : "quietFrom"));
        } else if (request.quietFrom() != null && request.quietFrom().equals(request.quietUntil())) {
            violations.add(Problem.Violation.of("quietUntil", "notification.quiet.same"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
    }

    /** What a target may look like, and how it is shown. */
    static final class Targets {

        static boolean isHttpUrl(String target) {
            try {
                URI uri = new URI(target);
                return uri.isAbsolute() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                        && uri.getHost() != null && uri.getUserInfo() == null;
            } catch (Exception e) {
                return false;
            }
        }

        /** Robot URLs carry their key in the query ({@code ?key=}, {@code ?access_token=}): never shown or logged. */
        static String masked(String target) {
            int query = target.indexOf('?');
            if (query < 0) {
                return target;
            }
            StringBuilder masked = new StringBuilder(target.substring(0, query + 1));
            String[] pairs = target.substring(query + 1).split("&");
            for (int i = 0; i < pairs.length; i++) {
                int eq = pairs[i].indexOf('=');
                masked.append(i > 0 ? "&" : "").append(eq < 0 ? pairs[i] : pairs[i].substring(0, eq + 1) + "***");
            }
            return masked.toString();
        }

        private Targets() {
        }
    }
}
