package cn.qinzhou.livelihood.project.registry;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** 牵头单位: the body that answers for a project and reports on it, e.g. 市教育局. */
@Entity
@Table(name = "lead_unit")
public class LeadUnit extends PanacheEntityBase {
    @Id
    public String id;
    public String name;
    @Column(name = "created_at")
    public Instant createdAt;
}
