package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.platform.outbox.Outbox;
import cn.qinzhou.livelihood.progress.catalog.CatalogProject;
import cn.qinzhou.livelihood.rules.calendar.Timeliness;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The submission path's reads and writes in plain SQL: one query for the project and
 * its reports on the period and the month before, one statement for the report, its version and its outbox event.
 * Through Hibernate the same work took five statements and more CPU in the entity machinery (dirty checks, the
 * action queue, converters) than in PostgreSQL. The rows are still read into {@link Report} and
 * {@link ReportVersion} (unmanaged), so the rules and the answers are those of every other read path.
 * <p>
 * Connections come from the datasource, which hands out the connection already enlisted in the current transaction,
 * so these statements commit or roll back with everything else the transaction did; without one, each statement
 * commits by itself (a first report's one insert is all or nothing alone).
 */
@ApplicationScoped
public class ReportStore {

    /** A stored report and its latest version. */
    public record Stored(Report report, ReportVersion latest) {
    }

    /**
     * The project, and among its reports on or before the period the latest two: this period's (if any) and the
     * nearest earlier one, each with its latest version.
     */
    public record Standing(CatalogProject project, Stored current, Stored earlier) {
    }

    private static final String REPORT_COLUMNS = "r.id, r.project_id, r.period, r.lead_unit_id, r.due_at,"
            + " r.first_received_at, r.timeliness, r.latest_version";
    private static final String VERSION_COLUMNS = "v.report_id, v.version, v.received_at, v.submitted_by, v.contact,"
            + " v.recorded_by, v.progress_percent, v.completed_central, v.completed_regional, v.completed_local,"
            + " v.completed_investment, v.received_central, v.received_regional, v.received_local, v.beneficiaries,"
            + " v.beneficiary_description, v.progress_narrative, v.difficulties, v.typical_cases, v.correction_reason,"
            + " v.planned_investment";

    /** The catalog project, each query's first columns: read by {@link #project}. */
    private static final String PROJECT_COLUMNS = "p.id as p_id, p.year as p_year, p.carried_over_from, p.name,"
            + " p.programme_id, p.lead_unit_id as p_lead_unit_id, p.status, p.annual_plan";

    /** A null period (one that does not parse) finds the project and no report: the period is refused later. */
    private static final String STANDING = "select " + PROJECT_COLUMNS + ", " + REPORT_COLUMNS + ", " + VERSION_COLUMNS + """
              from catalog_project p
              left join lateral (select * from report
                                  where project_id = p.id and period <= ? order by period desc limit 2) r on true
              left join report_version v on v.report_id = r.id and v.version = r.latest_version
             where p.id = ?
             order by r.period desc""";

    /** One period's report with every version, oldest first; a null period finds the project and no report. */
    private static final String HISTORY = "select " + PROJECT_COLUMNS + ", " + REPORT_COLUMNS + ", " + VERSION_COLUMNS + """
              from catalog_project p
              left join report r on r.project_id = p.id and r.period = ?
              left join report_version v on v.report_id = r.id
             where p.id = ?
             order by v.version""";

    /** The version is read apart: a join in a locking read would miss a version committed while it waited. */
    private static final String LOCK = "select " + REPORT_COLUMNS + " from report r where r.id = ? for update";
    private static final String VERSION = "select " + VERSION_COLUMNS
            + " from report_version v where v.report_id = ? and v.version = ?";

    private static final String INSERT_VERSION = """
            insert into report_version (report_id, version, received_at, submitted_by, contact, recorded_by,
                progress_percent, completed_central, completed_regional, completed_local, completed_investment,
                received_central, received_regional, received_local, beneficiaries, beneficiary_description,
                progress_narrative, difficulties, typical_cases, correction_reason, planned_investment)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String INSERT_EVENT = """
            insert into outbox_event (event_id, topic, record_key, event_type, envelope, created_at, traceparent, tracestate)
            values (?, ?, ?, ?, ?, ?, ?, ?)""";
    /**
     * A first version: report, version and event in one statement. The version's foreign key is checked at the end
     * of the statement, when the report row is there.
     */
    private static final String INSERT_FIRST = """
            with new_report as (
                insert into report (id, project_id, period, lead_unit_id, due_at, first_received_at, timeliness, latest_version)
                values (?, ?, ?, ?, ?, ?, ?, ?)
            ), new_version as (
            """ + INSERT_VERSION + "\n)\n" + INSERT_EVENT;
    /** A correction: the report's latest version moved, the version and the event, in one statement. */
    private static final String INSERT_CORRECTION = """
            with moved as (
                update report set latest_version = ? where id = ?
            ), new_version as (
            """ + INSERT_VERSION + "\n)\n" + INSERT_EVENT;

    private static final TextListConverter TEXT_LIST = new TextListConverter();

    private final AgroalDataSource dataSource;

    public ReportStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Empty when the catalog does not know the project. */
    public Optional<Standing> standing(String projectId, String period) {
        return onProject(STANDING, projectId, period, (project, row) -> {
            Stored current = null;
            Stored earlier = null;
            do {
                if (row.getObject("id") == null) {
                    break;
                }
                Stored stored = new Stored(report(row), version(row));
                if (stored.report().period.equals(period)) {
                    current = stored;
                } else if (earlier == null) {
                    earlier = stored;
                }
            } while (row.next());
            return new Standing(project, current, earlier);
        });
    }

    /** The project, its report on the period (null if none) and the report's versions, oldest first. */
    public record History(CatalogProject project, Report report, List<ReportVersion> versions) {
    }

    /** Empty when the catalog does not know the project. */
    public Optional<History> history(String projectId, String period) {
        return onProject(HISTORY, projectId, period, (project, row) -> {
            if (row.getObject("id") == null) {
                return new History(project, null, List.of());
            }
            Report report = report(row);
            List<ReportVersion> versions = new ArrayList<>();
            do {
                versions.add(version(row));
            } while (row.next());
            return new History(project, report, List.copyOf(versions));
        });
    }

    /** What a query on one project makes of its rows, the cursor on the first. */
    private interface ProjectRows<T> {
        T read(CatalogProject project, ResultSet row) throws SQLException;
    }

    /** Runs a query bound to (period, project id); empty when the catalog does not know the project. */
    private <T> Optional<T> onProject(String sql, String projectId, String period, ProjectRows<T> rows) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, period);
            query.setString(2, projectId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(rows.read(project(row), row)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new ReportStoreException(e);
        }
    }

    /**
     * Locks the report for a correction, so concurrent corrections of one report queue, and reads it and its latest
     * version as they are once the lock is held.
     *
     * @param seen the version read before locking: taken as it is when no correction came in between
     */
    public Stored lockForCorrection(Stored seen) {
        try (Connection connection = dataSource.getConnection()) {
            Report report;
            try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
                lock.setObject(1, seen.report().id);
                try (ResultSet row = lock.executeQuery()) {
                    row.next();
                    report = report(row);
                }
            }
            if (report.latestVersion == seen.report().latestVersion) {
                return new Stored(report, seen.latest());
            }
            try (PreparedStatement read = connection.prepareStatement(VERSION)) {
                read.setObject(1, report.id);
                read.setInt(2, report.latestVersion);
                try (ResultSet row = read.executeQuery()) {
                    row.next();
                    return new Stored(report, version(row));
                }
            }
        } catch (SQLException e) {
            throw new ReportStoreException(e);
        }
    }

    /** Stores a first version: the report, the version and the event, in one round trip. */
    public void insertFirst(Report report, ReportVersion version, Outbox.Row event) {
        insert(INSERT_FIRST, (insert, i) -> {
            insert.setObject(++i, report.id);
            insert.setString(++i, report.projectId);
            insert.setString(++i, report.period);
            insert.setString(++i, report.leadUnitId);
            insert.setObject(++i, timestamp(report.dueAt));
            insert.setObject(++i, timestamp(report.firstReceivedAt));
            insert.setString(++i, report.timeliness.name());
            insert.setInt(++i, report.latestVersion);
            return i;
        }, version, event);
    }

    /** Stores a correction (the report's latest version already moved on in {@code report}), in one round trip. */
    public void insertCorrection(Report report, ReportVersion version, Outbox.Row event) {
        insert(INSERT_CORRECTION, (insert, i) -> {
            insert.setInt(++i, report.latestVersion);
            insert.setObject(++i, report.id);
            return i;
        }, version, event);
    }

    /** Binds the report's parameters after the first {@code i}; returns the index of the last one bound. */
    private interface ReportParameters {
        int bind(PreparedStatement insert, int i) throws SQLException;
    }

    /** One write statement: the report's parameters first, then the version's and the event's. */
    private void insert(String sql, ReportParameters report, ReportVersion version, Outbox.Row event) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql)) {
            int i = report.bind(insert, 0);
            i = bindVersion(insert, i, version);
            bindEvent(insert, i, event);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new ReportStoreException(e);
        }
    }

    private static int bindVersion(PreparedStatement insert, int i, ReportVersion v) throws SQLException {
        insert.setObject(++i, v.reportId);
        insert.setInt(++i, v.version);
        insert.setObject(++i, timestamp(v.receivedAt));
        insert.setString(++i, v.submittedBy);
        insert.setString(++i, v.contact);
        insert.setString(++i, v.recordedBy);
        insert.setBigDecimal(++i, v.progressPercent);
        insert.setBigDecimal(++i, v.completedCentral);
        insert.setBigDecimal(++i, v.completedRegional);
        insert.setBigDecimal(++i, v.completedLocal);
        insert.setBigDecimal(++i, v.completedInvestment);
        insert.setBigDecimal(++i, v.receivedCentral);
        insert.setBigDecimal(++i, v.receivedRegional);
        insert.setBigDecimal(++i, v.receivedLocal);
        if (v.beneficiaries == null) {
            insert.setNull(++i, Types.BIGINT);
        } else {
            insert.setLong(++i, v.beneficiaries);
        }
        insert.setString(++i, v.beneficiaryDescription);
        insert.setString(++i, v.progressNarrative);
        insert.setString(++i, TEXT_LIST.convertToDatabaseColumn(v.difficulties));
        insert.setString(++i, v.typicalCases);
        insert.setString(++i, v.correctionReason);
        insert.setBigDecimal(++i, v.plannedInvestment);
        return i;
    }

    private static void bindEvent(PreparedStatement insert, int i, Outbox.Row event) throws SQLException {
        insert.setObject(++i, event.eventId());
        insert.setString(++i, event.topic());
        insert.setString(++i, event.recordKey());
        insert.setString(++i, event.eventType());
        insert.setString(++i, event.envelope());
        insert.setObject(++i, timestamp(event.createdAt()));
        insert.setString(++i, event.traceparent());
        insert.setString(++i, event.tracestate());
    }

    private static CatalogProject project(ResultSet row) throws SQLException {
        CatalogProject p = new CatalogProject();
        p.id = row.getString("p_id");
        p.year = (Integer) row.getObject("p_year");
        p.carriedOverFrom = row.getString("carried_over_from");
        p.name = row.getString("name");
        p.programmeId = (Integer) row.getObject("programme_id");
        p.leadUnitId = row.getString("p_lead_unit_id");
        p.status = row.getString("status");
        p.annualPlan = row.getBigDecimal("annual_plan");
        return p;
    }

    private static Report report(ResultSet row) throws SQLException {
        Report r = new Report();
        r.id = row.getObject("id", UUID.class);
        r.projectId = row.getString("project_id");
        r.period = row.getString("period");
        r.leadUnitId = row.getString("lead_unit_id");
        r.dueAt = instant(row, "due_at");
        r.firstReceivedAt = instant(row, "first_received_at");
        r.timeliness = Timeliness.valueOf(row.getString("timeliness"));
        r.latestVersion = row.getInt("latest_version");
        return r;
    }

    private static ReportVersion version(ResultSet row) throws SQLException {
        ReportVersion v = new ReportVersion();
        v.reportId = row.getObject("report_id", UUID.class);
        v.version = row.getInt("version");
        v.receivedAt = instant(row, "received_at");
        v.submittedBy = row.getString("submitted_by");
        v.contact = row.getString("contact");
        v.recordedBy = row.getString("recorded_by");
        v.progressPercent = row.getBigDecimal("progress_percent");
        v.completedCentral = row.getBigDecimal("completed_central");
        v.completedRegional = row.getBigDecimal("completed_regional");
        v.completedLocal = row.getBigDecimal("completed_local");
        v.completedInvestment = row.getBigDecimal("completed_investment");
        v.receivedCentral = row.getBigDecimal("received_central");
        v.receivedRegional = row.getBigDecimal("received_regional");
        v.receivedLocal = row.getBigDecimal("received_local");
        long beneficiaries = row.getLong("beneficiaries");
        v.beneficiaries = row.wasNull() ? null : beneficiaries;
        v.beneficiaryDescription = row.getString("beneficiary_description");
        v.progressNarrative = row.getString("progress_narrative");
        v.difficulties = TEXT_LIST.convertToEntityAttribute(row.getString("difficulties"));
        v.typicalCases = row.getString("typical_cases");
        v.correctionReason = row.getString("correction_reason");
        v.plannedInvestment = row.getBigDecimal("planned_investment");
        return v;
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * A failed statement. Unchecked, and carrying the driver's exception as its cause, so the problem mappers still
     * find what they look for in the chain: a unique violation (a concurrent first version: 409), a lost connection (503).
     */
    public static final class ReportStoreException extends RuntimeException {
        ReportStoreException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
