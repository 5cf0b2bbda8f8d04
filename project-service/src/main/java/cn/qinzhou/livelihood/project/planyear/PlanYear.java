package cn.qinzhou.livelihood.project.planyear;

import cn.qinzhou.livelihood.rules.calendar.DueRule;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.YearMonth;

/** One year's implementation plan: the totals as the document writes them, and when its reports are due. */
@Entity
@Table(name = "plan_year")
public class PlanYear extends PanacheEntityBase {
    @Id
    public Integer year;
    public String title;
    /** The document's number, e.g. 钦政办〔2024〕17号. */
    @Column(name = "document_reference")
    public String documentReference;
    @Column(name = "document_total_investment")
    public BigDecimal documentTotalInvestment;
    @Column(name = "document_annual_plan")
    public BigDecimal documentAnnualPlan;
    @Column(name = "document_project_count")
    public int documentProjectCount;
    /** The first and last month reported on, {@code yyyy-MM}. */
    @Column(name = "first_period")
    public String firstPeriod;
    @Column(name = "last_period")
    public String lastPeriod;
    @Column(name = "due_day_of_month")
    public int dueDayOfMonth;
    @Enumerated(EnumType.STRING)
    @Column(name = "due_rule")
    public DueRule dueRule;
    /** Whether its PlanYearRegistered event was written; the seeded 2024 is announced on first start. */
    public boolean announced;

    public ReportingWindow window() {
        return new ReportingWindow(YearMonth.parse(firstPeriod), YearMonth.parse(lastPeriod), dueDayOfMonth, dueRule);
    }

    public void apply(ReportingWindow window) {
        firstPeriod = window.firstPeriod().toString();
        lastPeriod = window.lastPeriod().toString();
        dueDayOfMonth = window.dueDayOfMonth();
        dueRule = window.dueRule();
    }
}
