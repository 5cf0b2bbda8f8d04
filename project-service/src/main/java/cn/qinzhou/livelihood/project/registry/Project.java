package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.project.funding.FundingPlan;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.math.BigDecimal;
import java.time.Instant;

@Entity
@Table(name = "project")
public class Project extends PanacheEntityBase {
    @Id
    public String id;
    public int year;
    @Column(name = "programme_id")
    public int programmeId;
    @Enumerated(EnumType.STRING)
    public Category category;
    public String name;
    @Column(name = "lead_unit_id")
    public String leadUnitId;
    @Column(name = "total_investment")
    public BigDecimal totalInvestment;
    @Column(name = "annual_plan")
    public BigDecimal annualPlan;
    @Column(name = "central_amount")
    public BigDecimal centralAmount;
    @Column(name = "regional_amount")
    public BigDecimal regionalAmount;
    @Column(name = "local_amount")
    public BigDecimal localAmount;
    @Column(name = "original_annual_plan")
    public BigDecimal originalAnnualPlan;
    @Column(name = "original_central_amount")
    public BigDecimal originalCentralAmount;
    @Column(name = "original_regional_amount")
    public BigDecimal originalRegionalAmount;
    @Column(name = "original_local_amount")
    public BigDecimal originalLocalAmount;
    @Enumerated(EnumType.STRING)
    public ProjectStatus status;
    /** The earlier year's project this one continues (跨年续建); null for a project of its year only. */
    @Column(name = "carried_over_from")
    public String carriedOverFrom;
    @Column(name = "registration_announced")
    public boolean registrationAnnounced;
    @Version
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "updated_by")
    public String updatedBy;

    /** The current plan, or null while no amounts are registered. */
    public FundingPlan plan() {
        return annualPlan == null ? null : new FundingPlan(annualPlan, centralAmount, regionalAmount, localAmount);
    }

    public FundingPlan originalPlan() {
        return originalAnnualPlan == null ? null
                : new FundingPlan(originalAnnualPlan, originalCentralAmount, originalRegionalAmount, originalLocalAmount);
    }

    public void applyPlan(FundingPlan plan) {
        annualPlan = plan.annualPlan();
        centralAmount = plan.central();
        regionalAmount = plan.regional();
        localAmount = plan.local();
    }

    /** Keeps the plan as first registered, once, before an adjustment replaces it. */
    public void keepOriginalPlan() {
        if (originalAnnualPlan == null && annualPlan != null) {
            originalAnnualPlan = annualPlan;
            originalCentralAmount = centralAmount;
            originalRegionalAmount = regionalAmount;
            originalLocalAmount = localAmount;
        }
    }

    public void touch(Instant at, String by) {
        updatedAt = at;
        updatedBy = by;
    }
}
