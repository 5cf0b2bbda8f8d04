package cn.qinzhou.livelihood.project.calendar;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;

/** A day of the working-day calendar that does not follow its week. */
@Entity
@Table(name = "working_day")
public class WorkingDay extends PanacheEntityBase {
    @Id
    public LocalDate date;
    @Enumerated(EnumType.STRING)
    public SpecialDayKind kind;
    public String name;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "updated_by")
    public String updatedBy;
}
