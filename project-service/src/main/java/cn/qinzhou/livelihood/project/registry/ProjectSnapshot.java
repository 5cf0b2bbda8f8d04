package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.project.funding.FundingPlan;

import java.math.BigDecimal;

/**
 * What every project event carries about the project after the change, so a consumer can keep its own
 * copy by upserting, whatever event it sees first. Part of the livelihood.project.events schema (v1).
 */
public record ProjectSnapshot(String id, int year, int programmeId, String programmeName, Category category,
                              String name, String leadUnitId, String leadUnitName, ProjectStatus status,
                              BigDecimal totalInvestment, FundingPlan plan, FundingPlan originalPlan) {
}
