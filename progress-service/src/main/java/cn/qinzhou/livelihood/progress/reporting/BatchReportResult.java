package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.platform.problem.Problem;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** Per item: the HTTP status it would have had alone, and the report or the problem. */
public record BatchReportResult(int succeeded, int failed, List<ItemResult> results) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ItemResult(int index, String projectId, String period, int status, ReportView report, Problem problem) {
    }
}
