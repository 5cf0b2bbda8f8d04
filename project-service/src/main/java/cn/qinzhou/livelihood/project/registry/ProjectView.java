package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.contracts.project.ProjectSnapshot;
import cn.qinzhou.livelihood.project.funding.FundingPlan;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A project as the API shows it. {@code originalPlan} is set once an adjustment has replaced the plan;
 * {@code carriedOverFrom} names the earlier year's project it continues (跨年续建).
 */
public record ProjectView(String id, int year, int programmeId, String programmeName, Category category,
                          String name, String leadUnitId, String leadUnitName, ProjectStatus status,
                          BigDecimal totalInvestment, FundingPlan plan, FundingPlan originalPlan, long version,
                          Instant updatedAt, String updatedBy, String carriedOverFrom) {

    static ProjectView of(Project project, String programmeName, String leadUnitName) {
        return new ProjectView(project.id, project.year, project.programmeId, programmeName, project.category,
                project.name, project.leadUnitId, leadUnitName, project.status, project.totalInvestment,
                project.plan(), project.originalPlan(), project.version, project.updatedAt, project.updatedBy,
                project.carriedOverFrom);
    }

    /** The project as the API shows it after a change whose event carried {@code published}. */
    static ProjectView of(Project project, ProjectSnapshot published) {
        return of(project, published.programmeName(), published.leadUnitName());
    }
}
