package cn.qinzhou.livelihood.progress.reporting;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** One submission or correction of a report, kept forever: who sent it, when, and why it was corrected. */
@Entity
@Table(name = "report_version")
@IdClass(ReportVersion.Key.class)
public class ReportVersion extends PanacheEntityBase {
    @Id
    @Column(name = "report_id")
    public UUID reportId;
    @Id
    public int version;
    @Column(name = "received_at")
    public Instant receivedAt;
    @Column(name = "submitted_by")
    public String submittedBy;
    public String contact;
    /** The token subject that sent it, whatever name the body gives. */
    @Column(name = "recorded_by")
    public String recordedBy;
    @Column(name = "progress_percent")
    public BigDecimal progressPercent;
    @Column(name = "completed_central")
    public BigDecimal completedCentral;
    @Column(name = "completed_regional")
    public BigDecimal completedRegional;
    @Column(name = "completed_local")
    public BigDecimal completedLocal;
    @Column(name = "completed_investment")
    public BigDecimal completedInvestment;
    @Column(name = "received_central")
    public BigDecimal receivedCentral;
    @Column(name = "received_regional")
    public BigDecimal receivedRegional;
    @Column(name = "received_local")
    public BigDecimal receivedLocal;
    public Long beneficiaries;
    @Column(name = "beneficiary_description")
    public String beneficiaryDescription;
    @Column(name = "progress_narrative")
    public String progressNarrative;
    @Convert(converter = TextListConverter.class)
    public List<String> difficulties;
    @Column(name = "typical_cases")
    public String typicalCases;
    @Column(name = "correction_reason")
    public String correctionReason;
    @Column(name = "planned_investment")
    public BigDecimal plannedInvestment;

    /**
     * True when the other version states the same: amounts compared as numbers (40 is 40.00), text exactly;
     * when and by whom it was received do not count.
     */
    public boolean saysTheSameAs(ReportVersion other) {
        return sameAmount(progressPercent, other.progressPercent)
                && sameAmount(completedCentral, other.completedCentral)
                && sameAmount(completedRegional, other.completedRegional)
                && sameAmount(completedLocal, other.completedLocal)
                && sameAmount(receivedCentral, other.receivedCentral)
                && sameAmount(receivedRegional, other.receivedRegional)
                && sameAmount(receivedLocal, other.receivedLocal)
                && Objects.equals(beneficiaries, other.beneficiaries)
                && Objects.equals(beneficiaryDescription, other.beneficiaryDescription)
                && Objects.equals(progressNarrative, other.progressNarrative)
                && Objects.equals(difficulties, other.difficulties)
                && Objects.equals(typicalCases, other.typicalCases)
                && Objects.equals(submittedBy, other.submittedBy)
                && Objects.equals(contact, other.contact)
                && Objects.equals(correctionReason, other.correctionReason);
    }

    private static boolean sameAmount(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    public record Key(UUID reportId, int version) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }
}
