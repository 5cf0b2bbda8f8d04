package cn.qinzhou.livelihood.notification.tracked;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;

/** The latest version of a project's report on a period, from livelihood.progress.events. */
@Entity
@Table(name = "tracked_report")
@IdClass(TrackedReport.Key.class)
public class TrackedReport extends PanacheEntityBase {
    @Id
    @Column(name = "project_id")
    public String projectId;
    @Id
    public String period;
    @Column(name = "lead_unit_id")
    public String leadUnitId;
    /** When the first version was received: deadlines are judged by it, never by when the event was read. */
    @Column(name = "first_received_at")
    public Instant firstReceivedAt;
    public String timeliness;
    public int version;
    @Column(name = "progress_percent")
    public BigDecimal progressPercent;
    @Column(name = "completed_investment")
    public BigDecimal completedInvestment;
    @Column(name = "planned_investment")
    public BigDecimal plannedInvestment;

    public record Key(String projectId, String period) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
