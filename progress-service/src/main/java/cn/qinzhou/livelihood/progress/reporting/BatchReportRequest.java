package cn.qinzhou.livelihood.progress.reporting;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Many projects' reports in one request; each item is checked and stored on its own. */
public record BatchReportRequest(@NotEmpty @Size(max = 200) List<@NotNull Item> items) {

    public record Item(String projectId, String period, SubmitReportRequest report) {
    }
}
