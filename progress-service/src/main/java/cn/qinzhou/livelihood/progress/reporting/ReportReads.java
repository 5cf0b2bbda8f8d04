package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.platform.problem.Messages;
import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.rules.calendar.ReportingCalendar;
import cn.qinzhou.livelihood.rules.calendar.Timeliness;
import cn.qinzhou.livelihood.rules.money.SourceAmounts;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * One period's report with its whole history in one statement over JDBC: the API's most frequent read (a lead
 * unit checking what it sent), answered without a transaction or Hibernate's entity machinery (loading, snapshots
 * and the dirty check before each query took most of that read's CPU). It answers exactly as the entity path did:
 * 404 for an unknown project, 403 for another unit's, 400 for a malformed period, 404 for a period not reported.
 */
@ApplicationScoped
public class ReportReads {

    private static final TextListConverter TEXT_LIST = new TextListConverter();

    private static final String ONE_WITH_HISTORY = """
            select c.name, c.lead_unit_id, r.lead_unit_id, r.due_at, r.first_received_at, r.timeliness, r.latest_version,
                   v.version, v.received_at, v.submitted_by, v.contact, v.recorded_by, v.progress_percent,
                   v.completed_investment, v.completed_central, v.completed_regional, v.completed_local,
                   v.received_central, v.received_regional, v.received_local, v.beneficiaries,
                   v.beneficiary_description, v.progress_narrative, v.difficulties, v.typical_cases,
                   v.correction_reason, v.planned_investment
            from catalog_project c
            left join report r on r.project_id = c.id and r.period = ?
            left join report_version v on v.report_id = r.id
            where c.id = ?
            order by v.version""";

    private final DataSource database;
    private final ReportService reports;

    public ReportReads(DataSource database, ReportService reports) {
        this.database = database;
        this.reports = reports;
    }

    /** @param unitScope the only lead unit whose projects the caller may read, or null for any */
    public ReportView one(String projectId, String periodText, String unitScope) {
        YearMonth period;
        try {
            period = ReportingCalendar.parsePeriod(periodText);
        } catch (ProblemException malformed) {
            // An unknown or another unit's project is named before a malformed period, as for every project's path.
            reports.knownProject(projectId, unitScope);
            throw malformed;
        }
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement(ONE_WITH_HISTORY)) {
            query.setString(1, period.toString());
            query.setString(2, projectId);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw ProblemException.notFound("project", projectId);
                }
                String projectName = rows.getString(1);
                if (unitScope != null && !unitScope.equals(rows.getString(2))) {
                    throw ProblemException.forbiddenOf("platform.other-unit", Messages.phrase("project " + projectId));
                }
                if (rows.getObject(8) == null) {
                    throw ProblemException.of(404, List.of(), "progress.report.not-found", period, projectId);
                }
                String leadUnitId = rows.getString(3);
                Instant dueAt = instant(rows, 4);
                Instant firstReceivedAt = instant(rows, 5);
                Timeliness timeliness = Timeliness.valueOf(rows.getString(6));
                int latestVersion = rows.getInt(7);
                List<ReportView.VersionView> versions = new ArrayList<>();
                do {
                    versions.add(version(rows));
                } while (rows.next());
                return new ReportView(projectId, projectName, leadUnitId, period.toString(), dueAt, firstReceivedAt,
                        timeliness, latestVersion, versions.get(versions.size() - 1), List.copyOf(versions));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading report " + projectId + " " + period, e);
        }
    }

    private static ReportView.VersionView version(ResultSet rows) throws SQLException {
        long count = rows.getLong(21);
        Long beneficiaries = rows.wasNull() ? null : count;
        return new ReportView.VersionView(rows.getInt(8), instant(rows, 9), rows.getString(10), rows.getString(11),
                rows.getString(12), rows.getBigDecimal(13), rows.getBigDecimal(14),
                new SourceAmounts(rows.getBigDecimal(15), rows.getBigDecimal(16), rows.getBigDecimal(17)),
                new SourceAmounts(rows.getBigDecimal(18), rows.getBigDecimal(19), rows.getBigDecimal(20)),
                beneficiaries, rows.getString(22), rows.getString(23),
                TEXT_LIST.convertToEntityAttribute(rows.getString(24)), rows.getString(25), rows.getString(26),
                rows.getBigDecimal(27));
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
