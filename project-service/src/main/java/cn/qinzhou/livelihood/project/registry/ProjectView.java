package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.project.funding.FundingPlan;

import java.math.BigDecimal;
import java.time.Instant;

/** A project as the API shows it. {@code originalPlan} is set once an adjustment has replaced the plan. */
public record ProjectView(String id, int year, int programmeId, String programmeName, Category category,
                          String name, String leadUnitId, String leadUnitName, ProjectStatus status,
                          BigDecimal totalInvestment, FundingPlan plan, FundingPlan originalPlan, long version,
                          Instant updatedAt, String updatedBy) {

    static ProjectView of(ProjectSnapshot s, Project project) {
        return new ProjectView(s.id(), s.year(), s.programmeId(), s.programmeName(), s.category(), s.name(),
                s.leadUnitId(), s.leadUnitName(), s.status(), s.totalInvestment(), s.plan(), s.originalPlan(),
                project.version, project.updatedAt, project.updatedBy);
    }
}
