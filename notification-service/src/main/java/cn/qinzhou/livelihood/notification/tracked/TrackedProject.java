package cn.qinzhou.livelihood.notification.tracked;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;

/** What the alert rules need to know of a project, from livelihood.project.events. */
@Entity
@Table(name = "tracked_project")
public class TrackedProject extends PanacheEntityBase {
    @Id
    public String id;
    @Column(name = "lead_unit_id")
    public String leadUnitId;
    @Column(name = "lead_unit_name")
    public String leadUnitName;
    @Column(name = "programme_id")
    public Integer programmeId;
    public String status;
    /** The plan year the project belongs to: the deadline rules judge it on that year's periods only. */
    @Column(name = "plan_year")
    public Integer planYear;
    /** The current plan; after an approved adjustment, the revised one. */
    @Column(name = "annual_plan")
    public BigDecimal annualPlan;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
