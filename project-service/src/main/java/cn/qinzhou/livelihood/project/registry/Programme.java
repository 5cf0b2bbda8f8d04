package cn.qinzhou.livelihood.project.registry;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;

/** One of the ten programmes (惠民工程), with the document's envelope for it. */
@Entity
@Table(name = "programme")
public class Programme extends PanacheEntityBase {
    @Id
    public Integer id;
    public int year;
    public String name;
    @Column(name = "name_en")
    public String nameEn;
    @Column(name = "document_annual_plan")
    public BigDecimal documentAnnualPlan;
    @Column(name = "document_region_aligned_count")
    public int documentRegionAlignedCount;
    @Column(name = "document_region_aligned_plan")
    public BigDecimal documentRegionAlignedPlan;
    @Column(name = "document_city_selected_count")
    public int documentCitySelectedCount;
    @Column(name = "document_city_selected_plan")
    public BigDecimal documentCitySelectedPlan;
}
