package cn.qinzhou.livelihood.project.planyear;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.math.BigDecimal;

/**
 * A programme (惠民工程) of a plan year, with the document's envelope for it. Ids are global across years
 * (projects refer to a programme by id alone); names are unique within a year.
 */
@Entity
@Table(name = "programme")
public class Programme extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "programme_id")
    @SequenceGenerator(name = "programme_id", sequenceName = "programme_id_seq", allocationSize = 1)
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
