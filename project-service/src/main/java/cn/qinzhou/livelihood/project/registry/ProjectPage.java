package cn.qinzhou.livelihood.project.registry;

import java.util.List;

public record ProjectPage(List<ProjectView> items, long total, int page, int size) {
}
