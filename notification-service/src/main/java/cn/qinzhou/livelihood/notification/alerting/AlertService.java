package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.platform.problem.ProblemException;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class AlertService {

    public record Filter(Alert.Rule rule, Alert.Severity severity, Alert.State state, Integer programmeId,
                         String leadUnitId, String period) {
    }

    public record AlertPage(List<AlertView> items, long total, int page, int size) {
    }

    /** One change on the feed: its sequence number (the SSE event id) and the alert as JSON as it stood after it. */
    public record FeedEntry(long sequence, String change, String alertJson) {
    }

    private final AlertWriter writer;
    private final EntityManager em;

    public AlertService(AlertWriter writer, EntityManager em) {
        this.writer = writer;
        this.em = em;
    }

    @Transactional
    public AlertPage list(Filter filter, int page, int size) {
        List<String> clauses = new ArrayList<>();
        Parameters params = new Parameters();
        add(clauses, params, "rule", filter.rule());
        add(clauses, params, "severity", filter.severity());
        add(clauses, params, "state", filter.state());
        add(clauses, params, "programmeId", filter.programmeId());
        add(clauses, params, "leadUnitId", filter.leadUnitId());
        add(clauses, params, "period", filter.period());
        String query = (clauses.isEmpty() ? "1 = 1" : String.join(" and ", clauses)) + " order by id desc";
        var found = Alert.<Alert>find(query, params).page(Page.of(page, size));
        return new AlertPage(found.list().stream().map(a -> AlertView.of(a, null)).toList(), found.count(), page, size);
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
            throw ProblemException.conflict("alert " + id + " is " + alert.state + "; only an OPEN alert can be acknowledged");
        }
        writer.acknowledge(alert, actor, note);
        return AlertView.of(alert, AlertTransition.list("alertId = ?1 order by id", id));
    }

    @Transactional
    public AlertView resolve(long id, String actor, String note) {
        Alert alert = find(id);
        if (alert.state == Alert.State.RESOLVED) {
            throw ProblemException.conflict("alert " + id + " is already RESOLVED");
        }
        writer.resolve(alert, actor, note);
        return AlertView.of(alert, AlertTransition.list("alertId = ?1 order by id", id));
    }

    public Alert find(long id) {
        Alert alert = Alert.findById(id);
        if (alert == null) {
            throw ProblemException.notFound("alert", id);
        }
        return alert;
    }

    /** Feed entries after the sequence, oldest first; narrowed to one unit's alerts when unitScope is set. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<FeedEntry> feedAfter(long sequence, String unitScope, int limit) {
        // Two statements, not one with "unit is null or ...": each SSE client runs this after every commit, and the
        // unscoped one must stay a range scan of the feed's key.
        var query = unitScope == null
                ? em.createNativeQuery("""
                        select f.sequence, f.change, f.snapshot from alert_feed f
                        where f.sequence > :after order by f.sequence limit :limit""")
                : em.createNativeQuery("""
                        select f.sequence, f.change, f.snapshot from alert_feed f join alert a on a.id = f.alert_id
                        where f.sequence > :after and a.lead_unit_id = :unit
                        order by f.sequence limit :limit""").setParameter("unit", unitScope);
        List<Object[]> rows = query.setParameter("after", sequence).setParameter("limit", limit).getResultList();
        return rows.stream().map(row -> new FeedEntry(((Number) row[0]).longValue(), (String) row[1], (String) row[2])).toList();
    }

    private static void add(List<String> clauses, Parameters params, String field, Object value) {
        if (value != null) {
            clauses.add(field + " = :" + field);
            params.and(field, value);
        }
    }
}
