package cn.qinzhou.livelihood.contracts.project;

import cn.qinzhou.livelihood.contracts.EventEnvelope;
import cn.qinzhou.livelihood.contracts.MalformedEventException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;

/**
 * What every project event carries about the project after the change, so a consumer keeps its own copy by
 * upserting, whatever event it reads first.
 *
 * @param year            the plan year
 * @param category        {@code REGION_ALIGNED} (自治区统一部署) or {@code CITY_SELECTED} (市本级自选)
 * @param leadUnitId      the lead unit (牵头单位); null until assigned
 * @param status          {@code ACTIVE}, {@code ADJUSTED}, {@code CANCELLED} or {@code COMPLETED}
 * @param totalInvestment the project's total investment (总投资) in yuan; null until registered
 * @param plan            this year's plan; null until registered
 * @param originalPlan    the plan before the first approved adjustment; null until one is approved
 * @param carriedOverFrom the earlier year's project this one continues (跨年续建); null for a new project
 */
public record ProjectSnapshot(String id, Integer year, Integer programmeId, String programmeName, String category,
                              String name, String leadUnitId, String leadUnitName, String status,
                              BigDecimal totalInvestment, Plan plan, Plan originalPlan, String carriedOverFrom) {

    /** A project that continues none. */
    public ProjectSnapshot(String id, Integer year, Integer programmeId, String programmeName, String category,
                           String name, String leadUnitId, String leadUnitName, String status,
                           BigDecimal totalInvestment, Plan plan, Plan originalPlan) {
        this(id, year, programmeId, programmeName, category, name, leadUnitId, leadUnitName, status, totalInvestment,
                plan, originalPlan, null);
    }

    /** A year's planned investment (计划投入) and its split by funding source, in yuan; the split adds up. */
    public record Plan(BigDecimal annualPlan, BigDecimal central, BigDecimal regional, BigDecimal local) {
    }

    /**
     * Reads the project of any project event, whatever its type.
     *
     * @throws MalformedEventException when it has no {@code project}, or one without an id or a status
     */
    public static ProjectSnapshot of(EventEnvelope envelope, ObjectMapper mapper) {
        ProjectSnapshot snapshot = envelope.payload() == null || !envelope.payload().hasNonNull("project") ? null
                : EventEnvelope.readPart(mapper, envelope.payload().get("project"), ProjectSnapshot.class);
        if (snapshot == null || snapshot.id() == null || snapshot.id().isBlank() || snapshot.status() == null) {
            throw new MalformedEventException(envelope.type() + " " + envelope.eventId() + " has no project.id or project.status");
        }
        return snapshot;
    }

    public BigDecimal annualPlan() {
        return plan == null ? null : plan.annualPlan();
    }
}
