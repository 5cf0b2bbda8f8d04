package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.rules.calendar.Timeliness;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A project's report on one period; what it says lives in its versions, the latest of which counts. */
@Entity
@Table(name = "report")
public class Report extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "project_id")
    public String projectId;
    public String period;
    @Column(name = "lead_unit_id")
    public String leadUnitId;
    @Column(name = "due_at")
    public Instant dueAt;
    @Column(name = "first_received_at")
    public Instant firstReceivedAt;
    @Enumerated(EnumType.STRING)
    public Timeliness timeliness;
    @Column(name = "latest_version")
    public int latestVersion;
}
