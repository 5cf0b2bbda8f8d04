package cn.qinzhou.livelihood.project.adjustment;

import cn.qinzhou.livelihood.project.funding.FundingPlan;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;

/** 调整申请: a lead unit's request to change a project's plan or drop it, and the planning office's decision. */
@Entity
@Table(name = "adjustment_request")
public class AdjustmentRequest extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "adjustment_request_seq")
    @SequenceGenerator(name = "adjustment_request_seq", sequenceName = "adjustment_request_seq", allocationSize = 1)
    public Long id;
    @Column(name = "project_id")
    public String projectId;
    @Enumerated(EnumType.STRING)
    public AdjustmentKind kind;
    @Column(name = "requested_annual_plan")
    public BigDecimal requestedAnnualPlan;
    @Column(name = "requested_central_amount")
    public BigDecimal requestedCentralAmount;
    @Column(name = "requested_regional_amount")
    public BigDecimal requestedRegionalAmount;
    @Column(name = "requested_local_amount")
    public BigDecimal requestedLocalAmount;
    public String reason;
    @Enumerated(EnumType.STRING)
    public AdjustmentStatus status;
    @Column(name = "requested_by")
    public String requestedBy;
    @Column(name = "requested_at")
    public Instant requestedAt;
    @Column(name = "decided_by")
    public String decidedBy;
    @Column(name = "decided_at")
    public Instant decidedAt;
    @Column(name = "decision_note")
    public String decisionNote;

    public FundingPlan requestedPlan() {
        return requestedAnnualPlan == null ? null : new FundingPlan(requestedAnnualPlan, requestedCentralAmount,
                requestedRegionalAmount, requestedLocalAmount);
    }
}
