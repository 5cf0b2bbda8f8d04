package cn.qinzhou.livelihood.notification.alerting;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One step of an alert's history: raised, escalated, updated, acknowledged or resolved; who, when, why. */
@Entity
@Table(name = "alert_transition")
public class AlertTransition extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "alert_id")
    public Long alertId;
    public String change;
    public String state;
    public String severity;
    public String actor;
    public String note;
    public Instant at;
}
