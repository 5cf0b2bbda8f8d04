package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import cn.qinzhou.livelihood.rules.calendar.ReportingCalendar;
import io.agroal.api.AgroalDataSource;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

@ApplicationScoped
public class AlertService {

    /**
     * @param planYear the reporting window of a plan year: alerts on its periods only (null: every period)
     */
    public record Filter(Alert.Rule rule, Alert.Severity severity, Alert.State state, Integer programmeId,
                         String leadUnitId, String period, ReportingCalendar planYear) {
    }

    /**
     * @param feedPosition the feed's sequence when the page was read: following {@code /alerts/stream?after=} it
     *                     misses no later change (a change already in the page may come once more, as it stood then)
     */
    public record AlertPage(List<AlertView> items, long total, int page, int size, long feedPosition) {
    }

    /**
     * One change on the feed: its sequence number (the SSE event id), the alert as JSON as it stood after it,
     * and the lead unit the alert belongs to now (whose stream carries it).
     */
    public record FeedEntry(long sequence, String change, String alertJson, String leadUnitId, String period) {
    }

    /** The alerts not resolved, each as its latest feed entry has it, and the feed's sequence they stand at. */
    public record OpenSnapshot(long position, List<String> alertJson) {
    }

    private final AlertWriter writer;
    private final EntityManager em;
    private final AgroalDataSource dataSource;
    private final MovableClock clock;

    public AlertService(AlertWriter writer, EntityManager em, AgroalDataSource dataSource, MovableClock clock) {
        this.writer = writer;
        this.em = em;
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Transactional
    public AlertPage list(Filter filter, int page, int size) {
        // Read before the page, so the page is at least as new as the position it reports.
        long position = feedPosition();
        List<String> clauses = new ArrayList<>();
        Parameters params = new Parameters();
        add(clauses, params, "rule", filter.rule());
        add(clauses, params, "severity", filter.severity());
        add(clauses, params, "state", filter.state());
        add(clauses, params, "programmeId", filter.programmeId());
        add(clauses, params, "leadUnitId", filter.leadUnitId());
        add(clauses, params, "period", filter.period());
        if (filter.planYear() != null) {
            // yyyy-MM compares as text in month order.
            clauses.add("period between :firstPeriod and :lastPeriod");
            params.and("firstPeriod", filter.planYear().first().toString()).and("lastPeriod", filter.planYear().last().toString());
        }
        String query = (clauses.isEmpty() ? "1 = 1" : String.join(" and ", clauses)) + " order by id desc";
        var found = Alert.<Alert>find(query, params).page(Page.of(page, size));
        return new AlertPage(found.list().stream().map(a -> AlertView.of(a, null)).toList(), found.count(), page, size, position);
    }

    @Transactional
    public AlertView get(long id) {
        Alert alert = find(id);
        return AlertView.of(alert, AlertTransition.list("alertId = ?1 order by id", id));
    }

    @Transactional
    public AlertView acknowledge(long id, String actor, String note) {
        Alert alert = find(id);
        if (alert.state != Alert.State.OPEN) {
            throw ProblemException.conflictOf("notification.alert.not-open", id, alert.state);
        }
        writer.acknowledge(alert, actor, note);
        return AlertView.of(alert, AlertTransition.list("alertId = ?1 order by id", id));
    }

    @Transactional
    public AlertView resolve(long id, String actor, String note) {
        Alert alert = find(id);
        if (alert.state == Alert.State.RESOLVED) {
            throw ProblemException.conflictOf("notification.alert.resolved", id);
        }
        writer.resolve(alert, actor, note);
        return AlertView.of(alert, AlertTransition.list("alertId = ?1 order by id", id));
    }

    /**
     * The lead unit answers (督办答复). An alert resolved needs no answer, and one answer awaits review at a time: the
     * office accepts it or returns it before the unit answers again.
     */
    @Transactional
    public AlertView answer(long id, String actor, String explanation, String measures, LocalDate expectedCompletion,
                            UnaryOperator<Alert> reach) {
        Alert alert = reach.apply(find(id));
        if (alert.state == Alert.State.RESOLVED) {
            throw ProblemException.conflictOf("notification.alert.resolved-no-answer", id);
        }
        if (alert.response == Alert.Response.ANSWERED) {
            throw ProblemException.conflictOf("notification.alert.answer-pending", id);
        }
        // Today in Shanghai by the service's clock (tests move it): a date already past promises nothing.
        LocalDate today = LocalDate.ofInstant(clock.instant(), ReportingCalendar.ZONE);
        if (expectedCompletion.isBefore(today)) {
            throw ProblemException.rule("expectedCompletion", "notification.expected-completion.past", today);
        }
        writer.answer(alert, actor, explanation, measures, expectedCompletion);
        return withHistory(alert);
    }

    /** The office accepts the answer awaiting review: the alert resolves with it. */
    @Transactional
    public AlertView acceptAnswer(long id, String actor, String note) {
        Alert alert = awaitingReview(id);
        writer.acceptAnswer(alert, actor, note);
        return withHistory(alert);
    }

    /** The office returns the answer awaiting review with a comment; the unit may answer again. */
    @Transactional
    public AlertView returnAnswer(long id, String actor, String comment) {
        Alert alert = awaitingReview(id);
        writer.returnAnswer(alert, actor, comment);
        return withHistory(alert);
    }

    private Alert awaitingReview(long id) {
        Alert alert = find(id);
        if (alert.state == Alert.State.RESOLVED) {
            throw ProblemException.conflictOf("notification.alert.resolved", id);
        }
        if (alert.response != Alert.Response.ANSWERED) {
            throw ProblemException.conflictOf("notification.alert.no-answer", id, alert.response);
        }
        return alert;
    }

    private static AlertView withHistory(Alert alert) {
        return AlertView.of(alert, AlertTransition.list("alertId = ?1 order by id", alert.id));
    }

    public Alert find(long id) {
        Alert alert = Alert.findById(id);
        if (alert == null) {
            throw ProblemException.notFound("alert", id);
        }
        return alert;
    }

    /** The sequence of the latest change on the feed (0 when there is none). */
    @Transactional
    public long feedPosition() {
        return ((Number) em.createNativeQuery("select coalesce(max(sequence), 0) from alert_feed").getSingleResult()).longValue();
    }

    /**
     * Feed entries after the sequence, oldest first; narrowed to the scope's alerts when there is one.
     */
    List<FeedEntry> feedAfter(long sequence, FeedScope scope, int limit) {
        // Only the conditions the scope needs, never "x is null or ...": the unscoped read must stay a range scan of
        // the feed's key.
        String sql = """
                select f.sequence, f.change, f.snapshot, a.lead_unit_id, a.period from alert_feed f join alert a on a.id = f.alert_id
                where f.sequence > ?""" + (scope == null ? "" : scope.condition()) + " order by f.sequence limit ?";
        return read(sql, query -> {
            query.setLong(1, sequence);
            int next = scope == null ? 2 : scope.bind(query, 2);
            query.setInt(next, limit);
        }, rows -> {
            List<FeedEntry> entries = new ArrayList<>();
            while (rows.next()) {
                entries.add(new FeedEntry(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5)));
            }
            return entries;
        });
    }

    /**
     * What is not resolved now (OPEN and ACKNOWLEDGED), narrowed to the scope when there is one. One statement,
     * so the alerts and the position come from the same snapshot of the database: a change after the position is
     * not yet in the alerts, and one up to it is.
     */
    OpenSnapshot openSnapshot(FeedScope scope) {
        String sql = """
                select 0 as part, cast(coalesce(max(sequence), 0) as text) from alert_feed
                union all
                select 1, (select f.snapshot from alert_feed f where f.alert_id = a.id order by f.sequence desc limit 1)
                from alert a where a.state <> 'RESOLVED'""" + (scope == null ? "" : scope.condition());
        return read(sql, query -> {
            if (scope != null) {
                scope.bind(query, 1);
            }
        }, rows -> {
            long position = 0;
            List<String> alerts = new ArrayList<>();
            while (rows.next()) {
                if (rows.getInt(1) == 0) {
                    position = Long.parseLong(rows.getString(2));
                } else if (rows.getString(2) != null) {
                    alerts.add(rows.getString(2));
                }
            }
            return new OpenSnapshot(position, alerts);
        });
    }

    /**
     * One statement on a pooled connection in auto-commit, with no transaction or persistence context around it: the
     * stream's follower reads the feed four times a second and mostly finds nothing, and with a transaction around the
     * read it was one of the largest parts of an idle instance's CPU.
     */
    private <T> T read(String sql, Binding binding, Rows<T> rows) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            binding.bind(query);
            try (ResultSet result = query.executeQuery()) {
                return rows.read(result);
            }
        } catch (SQLException e) {
            throw new FeedUnreadable(e);
        }
    }

    @FunctionalInterface
    private interface Binding {
        void bind(PreparedStatement query) throws SQLException;
    }

    @FunctionalInterface
    private interface Rows<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** The feed could not be read (the database away, say): the stream keeps its place and reads it again. */
    static final class FeedUnreadable extends RuntimeException {
        FeedUnreadable(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static void add(List<String> clauses, Parameters params, String field, Object value) {
        if (value != null) {
            clauses.add(field + " = :" + field);
            params.and(field, value);
        }
    }
}
