package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.platform.problem.Messages;
import cn.qinzhou.livelihood.platform.problem.Problem;
import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.project.funding.FundingPlan;
import cn.qinzhou.livelihood.project.funding.FundingRules;
import cn.qinzhou.livelihood.spreadsheets.Column;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetReader;
import cn.qinzhou.livelihood.spreadsheets.UploadedTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Imports the responsibility table (责任表): per project its lead unit and amounts, from CSV or .xlsx (both
 * read into the same rows by {@link SpreadsheetReader}, then checked here once). The whole file is checked
 * first and every bad cell reported as {@code rows[<line>].<column key>}; only a clean file is applied, in
 * one transaction, so a bad file changes nothing.
 */
@ApplicationScoped
public class ResponsibilityTableImport {

    /** A file may head each column with the Chinese header (as the templates do) or with the key. */
    public static final List<Column> COLUMNS = List.of(
            Column.text("project", "项目编号或名称"),
            Column.text("lead_unit_id", "牵头单位编号"),
            Column.text("lead_unit_name", "牵头单位名称"),
            Column.amount("total_investment", "总投资(元)"),
            Column.amount("annual_plan", "年度计划投资(元)"),
            Column.amount("central", "中央财政补助(元)"),
            Column.amount("regional", "自治区财政补助(元)"),
            Column.amount("local", "市和县区投入(元)"));
    static final int MAX_ROWS = 10_000;

    public record ImportResult(int rows, int projectsChanged, int leadUnitsCreated) {
    }

    private record Row(long line, Project project, String unitId, String unitName, BigDecimal totalInvestment,
                       FundingPlan plan) {
    }

    private final RegistryService registry;

    public ResponsibilityTableImport(RegistryService registry) {
        this.registry = registry;
    }

    /**
     * @param contentType text/csv (or text/plain) or the .xlsx media type: the body must be what it says
     * @param planYear    the plan year whose table this is: every row must name a project of it (names are looked
     *                    up in it); null for a table of projects named by id, or by a name no two years share
     */
    @Transactional
    public ImportResult importFile(byte[] body, String contentType, Integer planYear, String actor) {
        UploadedTable table = SpreadsheetReader.read(body, contentType, COLUMNS, MAX_ROWS);
        List<Problem.Violation> violations = new ArrayList<>(table.violations());
        List<Row> rows = parse(table, planYear, violations);
        if (!violations.isEmpty()) {
            throw ProblemException.of(400, violations, "project.table.refused", violations.size());
        }
        int unitsCreated = 0;
        int changed = 0;
        Map<String, String> created = new HashMap<>();
        for (Row row : rows) {
            if (LeadUnit.findById(row.unitId()) == null && !created.containsKey(row.unitId())) {
                registry.createLeadUnit(row.unitId(), row.unitName());
                created.put(row.unitId(), row.unitName());
                unitsCreated++;
            }
            boolean rowChanged = false;
            if (!Objects.equals(row.project().leadUnitId, row.unitId())) {
                registry.applyLeadUnit(row.project(), row.unitId(), actor);
                rowChanged = true;
            }
            if (!sameMoney(row.project().totalInvestment, row.totalInvestment()) || !samePlan(row.project().plan(), row.plan())) {
                registry.applyFunding(row.project(), row.totalInvestment(), row.plan(), actor);
                rowChanged = true;
            }
            if (rowChanged) {
                changed++;
            }
        }
        return new ImportResult(rows.size(), changed, unitsCreated);
    }

    private List<Row> parse(UploadedTable table, Integer planYear, List<Problem.Violation> violations) {
        List<Row> rows = new ArrayList<>();
        Map<String, Long> projectLines = new HashMap<>();
        Map<String, String> unitNames = new LinkedHashMap<>();
        for (UploadedTable.Row record : table.rows()) {
            Row row = parseRow(record, planYear, violations, projectLines, unitNames);
            if (row != null) {
                rows.add(row);
            }
        }
        // Rows whose shape was wrong were reported by the reader; report them in line order with the rest.
        violations.sort(java.util.Comparator.comparingInt(UploadedTable::lineOf));
        return rows;
    }

    private Row parseRow(UploadedTable.Row record, Integer planYear, List<Problem.Violation> violations,
                         Map<String, Long> projectLines, Map<String, String> unitNames) {
        String at = record.at();
        int before = violations.size();
        String projectRef = record.get("project");
        Project project = projectRef.isEmpty() ? null : Project.findById(projectRef);
        List<Project> named = project != null || projectRef.isEmpty() ? List.of() : planYear == null
                ? Project.list("name", projectRef) : Project.list("name = ?1 and year = ?2", projectRef, planYear);
        if (named.size() == 1) {
            project = named.get(0);
        }
        if (named.size() > 1) {
            // A project carried over (跨年续建) often keeps its name: a name alone does not say which year's.
            violations.add(Problem.Violation.of(at + "project", "project.table.ambiguous", projectRef,
                    named.stream().map(p -> Messages.text("project.table.of-year", p.id, p.year))
                            .collect(java.util.stream.Collectors.joining(", "))));
        } else if (project == null) {
            violations.add(Problem.Violation.of(at + "project", "project.table.unknown-project", projectRef));
        } else if (planYear != null && project.year != planYear) {
            violations.add(Problem.Violation.of(at + "project", "project.table.other-year", planYear, project.id, project.year));
        } else if (!project.status.acceptsChanges()) {
            violations.add(Problem.Violation.of(at + "project", "project.table.closed", project.id, project.status));
        } else if (projectLines.putIfAbsent(project.id, (long) record.line()) != null) {
            violations.add(Problem.Violation.of(at + "project", "project.table.duplicate", project.id, projectLines.get(project.id)));
        }
        String unitId = record.get("lead_unit_id");
        String unitName = record.get("lead_unit_name");
        if (!unitId.matches(LeadUnitIds.PATTERN)) {
            violations.add(Problem.Violation.of(at + "lead_unit_id", "project.table.unit-id"));
        } else if (unitName.isEmpty() || unitName.length() > 100) {
            violations.add(Problem.Violation.of(at + "lead_unit_name", "project.length-1-100"));
        } else {
            LeadUnit existing = LeadUnit.findById(unitId);
            String known = existing != null ? existing.name : unitNames.get(unitId);
            if (known != null && !known.equals(unitName)) {
                violations.add(Problem.Violation.of(at + "lead_unit_name", "project.table.unit-named", unitId, known));
            } else if (known == null && (LeadUnit.count("name", unitName) > 0 || unitNames.containsValue(unitName))) {
                violations.add(Problem.Violation.of(at + "lead_unit_name", "project.table.unit-name-taken", unitName));
            }
            unitNames.putIfAbsent(unitId, unitName);
        }
        BigDecimal total = amount(record, "total_investment", at, violations);
        BigDecimal annual = amount(record, "annual_plan", at, violations);
        BigDecimal central = amount(record, "central", at, violations);
        BigDecimal regional = amount(record, "regional", at, violations);
        BigDecimal local = amount(record, "local", at, violations);
        if (violations.size() > before) {
            return null;
        }
        FundingPlan plan = new FundingPlan(annual, central, regional, local);
        List<Problem.Violation> rules = FundingRules.check(at, total, plan);
        violations.addAll(rules);
        return rules.isEmpty() ? new Row(record.line(), project, unitId, unitName, total, plan) : null;
    }

    private static BigDecimal amount(UploadedTable.Row record, String column, String at, List<Problem.Violation> violations) {
        String raw = record.get(column).replace(",", "");
        try {
            BigDecimal value = new BigDecimal(raw);
            if (value.signum() < 0) {
                violations.add(Problem.Violation.of(at + column, "project.yuan.negative"));
            } else if (value.scale() > 2 || value.precision() - value.scale() > 14) {
                violations.add(Problem.Violation.of(at + column, "project.yuan.digits"));
            } else {
                return value;
            }
        } catch (NumberFormatException e) {
            violations.add(Problem.Violation.of(at + column, "project.yuan.not-a-number", record.get(column)));
        }
        return null;
    }

    private static boolean sameMoney(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    private static boolean samePlan(FundingPlan a, FundingPlan b) {
        return a != null && sameMoney(a.annualPlan(), b.annualPlan()) && sameMoney(a.central(), b.central())
                && sameMoney(a.regional(), b.regional()) && sameMoney(a.local(), b.local());
    }

}
