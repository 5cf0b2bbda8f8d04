package cn.qinzhou.livelihood.progress.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;

/** This service's copy of a project, as the latest project event described it. */
@Entity
@Table(name = "catalog_project")
public class CatalogProject extends PanacheEntityBase {
    @Id
    public String id;
    /** The plan year the project belongs to; null when the event did not say. */
    public Integer year;
    /** The previous year's project this one continues (跨年续建); null for a project of its own year. */
    @Column(name = "carried_over_from")
    public String carriedOverFrom;
    public String name;
    @Column(name = "programme_id")
    public Integer programmeId;
    @Column(name = "programme_name")
    public String programmeName;
    public String category;
    @Column(name = "lead_unit_id")
    public String leadUnitId;
    @Column(name = "lead_unit_name")
    public String leadUnitName;
    public String status;
    @Column(name = "annual_plan")
    public BigDecimal annualPlan;
    @Column(name = "central_amount")
    public BigDecimal centralAmount;
    @Column(name = "regional_amount")
    public BigDecimal regionalAmount;
    @Column(name = "local_amount")
    public BigDecimal localAmount;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public boolean isCancelled() {
        return "CANCELLED".equals(status);
    }
}
