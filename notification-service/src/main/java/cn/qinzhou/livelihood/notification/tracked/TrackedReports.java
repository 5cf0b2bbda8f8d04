package cn.qinzhou.livelihood.notification.tracked;

import cn.qinzhou.livelihood.platform.inbox.KeyList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A project's tracked reports, read once per transaction: a consumer's run {@linkplain #preload preloads} the
 * reports of all its projects in one query, and each event and rule then looks them up in memory (a project
 * has at most one report per month of the plan). Projects not preloaded are read when first asked for.
 */
@ApplicationScoped
public class TrackedReports {

    private static final Object KEY = new Object();
    private static final Comparator<TrackedReport> LATEST_FIRST = Comparator.comparing((TrackedReport r) -> r.period).reversed();

    private final TransactionSynchronizationRegistry transaction;

    public TrackedReports(TransactionSynchronizationRegistry transaction) {
        this.transaction = transaction;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void preload(Collection<String> projectIds) {
        Map<String, List<TrackedReport>> known = known();
        List<String> unread = projectIds.stream().filter(Objects::nonNull).distinct()
                .filter(id -> !known.containsKey(id)).toList();
        if (unread.isEmpty()) {
            return;
        }
        unread.forEach(id -> known.put(id, new ArrayList<>()));
        EntityManager em = TrackedReport.getEntityManager();
        String keys = KeyList.of(unread);
        @SuppressWarnings("unchecked")
        List<TrackedReport> found = em.createNativeQuery("select * from tracked_report where project_id = " + KeyList.ANY,
                TrackedReport.class).setParameter("keys", keys).getResultList();
        found.forEach(report -> known.get(report.projectId).add(report));
        unread.forEach(id -> known.get(id).sort(LATEST_FIRST));
        // Reading the projects too puts them in the persistence context: findById then needs no query.
        em.createNativeQuery("select * from tracked_project where id = " + KeyList.ANY, TrackedProject.class)
                .setParameter("keys", keys).getResultList();
    }

    /** The project's reports, latest period first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<TrackedReport> of(String projectId) {
        return Collections.unmodifiableList(loaded(projectId));
    }

    /** The project's report on the period, or null. */
    @Transactional(Transactional.TxType.MANDATORY)
    public TrackedReport find(String projectId, String period) {
        return loaded(projectId).stream().filter(r -> r.period.equals(period)).findFirst().orElse(null);
    }

    /** A report stored for the first time in this transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void add(TrackedReport report) {
        List<TrackedReport> reports = loaded(report.projectId);
        report.persist();
        reports.add(report);
        reports.sort(LATEST_FIRST);
    }

    /** The project's reports as this transaction holds them, latest first; read from the table on first use. */
    private List<TrackedReport> loaded(String projectId) {
        return known().computeIfAbsent(projectId,
                id -> new ArrayList<>(TrackedReport.<TrackedReport>list("projectId = ?1 order by period desc", id)));
    }

    @SuppressWarnings("unchecked")
    private Map<String, List<TrackedReport>> known() {
        Map<String, List<TrackedReport>> known = (Map<String, List<TrackedReport>>) transaction.getResource(KEY);
        if (known == null) {
            known = new HashMap<>();
            transaction.putResource(KEY, known);
        }
        return known;
    }
}
