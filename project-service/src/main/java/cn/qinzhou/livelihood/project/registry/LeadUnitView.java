package cn.qinzhou.livelihood.project.registry;

public record LeadUnitView(String id, String name, long projectCount) {
}
