package cn.qinzhou.livelihood.project.registry;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;

/** One year's implementation plan, with the totals as the document writes them. */
@Entity
@Table(name = "plan_year")
public class PlanYear extends PanacheEntityBase {
    @Id
    public Integer year;
    public String title;
    @Column(name = "document_total_investment")
    public BigDecimal documentTotalInvestment;
    @Column(name = "document_annual_plan")
    public BigDecimal documentAnnualPlan;
    @Column(name = "document_project_count")
    public int documentProjectCount;
}
