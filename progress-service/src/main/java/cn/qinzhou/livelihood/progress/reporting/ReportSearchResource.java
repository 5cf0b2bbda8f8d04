package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.platform.idempotency.IdempotentRequests;
import cn.qinzhou.livelihood.platform.problem.Problem;
import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.platform.security.Caller;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.spreadsheets.ExportFormat;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetReader;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

@Path("/reports")
@Tag(name = "Reports")
public class ReportSearchResource {

    private final ReportService reports;
    private final Caller caller;
    private final Validator validator;
    private final IdempotentRequests idempotentRequests;

    public ReportSearchResource(ReportService reports, Caller caller, Validator validator,
                                IdempotentRequests idempotentRequests) {
        this.reports = reports;
        this.caller = caller;
        this.validator = validator;
        this.idempotentRequests = idempotentRequests;
    }

    @GET
    @RolesAllowed({Roles.LEAD_UNIT, Roles.PLANNER, Roles.SUPERVISOR})
    @Produces({MediaType.APPLICATION_JSON, "text/csv", SpreadsheetReader.XLSX})
    @Operation(summary = "Reports by lead unit, period, programme and plan year (latest versions; every year's without "
            + "year=); a lead unit sees its own; as JSON, CSV or .xlsx (format= or Accept)")
    public Response search(@QueryParam("leadUnit") String leadUnitId, @QueryParam("period") String period,
                           @QueryParam("programme") String programme, @QueryParam("year") String year,
                           @QueryParam("format") String format,
                           @Context Request request) {
        ExportFormat chosen = ExportFormat.choose(format, request, ExportFormat.JSON_OR_TABLE);
        Integer programmeId = programmeNumber(programme);
        String scope = caller.unitScope();
        if (scope != null && leadUnitId != null) {
            caller.requireReach(leadUnitId, "lead unit " + leadUnitId);
        }
        List<ReportView> found = reports.search(scope != null ? scope : leadUnitId, period, programmeId, year);
        return chosen.answer(found, "月度进展报告" + (period == null ? "" : "-" + period), () -> List.of(ReportSheet.export(found)));
    }

    @POST
    @Path("/batch")
    @RolesAllowed(Roles.LEAD_UNIT)
    @Operation(summary = "Submit or correct many projects' reports; each item succeeds or fails on its own. "
            + "With an Idempotency-Key, a repeat within 24 hours gets the first answer and changes nothing")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = BatchReportResult.class)))
    public Response batch(@NotNull @Valid BatchReportRequest request,
                          @HeaderParam(IdempotentRequests.HEADER) String idempotencyKey) {
        return idempotentRequests.once(new IdempotentRequests.Request(idempotencyKey, caller.actor(), "POST /reports/batch",
                request), () -> submitAll(request));
    }

    private BatchReportResult submitAll(BatchReportRequest request) {
        List<BatchReportResult.ItemResult> results = new ArrayList<>();
        int succeeded = 0;
        for (int i = 0; i < request.items().size(); i++) {
            BatchReportRequest.Item item = request.items().get(i);
            try {
                checkItem(item);
                ReportService.Submitted submitted = reports.submit(item.projectId(), item.period(), item.report(),
                        caller.unitScope(), caller.actor());
                results.add(new BatchReportResult.ItemResult(i, item.projectId(), item.period(),
                        submitted.created() ? 201 : 200, submitted.report(), null));
                succeeded++;
            } catch (ProblemException e) {
                results.add(new BatchReportResult.ItemResult(i, item.projectId(), item.period(), e.status(), null, e.toProblem()));
            } catch (RuntimeException e) {
                // A concurrent request sent the same period's first version at the same moment: this item lost the
                // race and was rolled back alone; the items before it stay committed, so answer per item, not 500.
                if (!isConcurrentWrite(e)) {
                    throw e;
                }
                ProblemException conflict = ProblemException.conflictOf("progress.batch.concurrent", item.period(), item.projectId());
                results.add(new BatchReportResult.ItemResult(i, item.projectId(), item.period(), 409, null, conflict.toProblem()));
            }
        }
        return new BatchReportResult(succeeded, results.size() - succeeded, results);
    }

    /** Parsed here: JAX-RS would answer a non-number query parameter with a bare 404 that names nothing. */
    private static Integer programmeNumber(String programme) {
        if (programme == null || programme.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(programme.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.rule("programme", "progress.programme.range");
        }
    }

    private static boolean isConcurrentWrite(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
            if (t instanceof jakarta.persistence.OptimisticLockException) {
                return true;
            }
        }
        return false;
    }

    private void checkItem(BatchReportRequest.Item item) {
        List<Problem.Violation> violations = new ArrayList<>();
        if (item.projectId() == null || item.projectId().isBlank()) {
            violations.add(Problem.Violation.of("projectId", "progress.not-blank"));
        }
        if (item.period() == null) {
            violations.add(Problem.Violation.of("period", "progress.not-null"));
        }
        if (item.report() == null) {
            violations.add(Problem.Violation.of("report", "progress.not-null"));
        } else {
            Set<ConstraintViolation<SubmitReportRequest>> found = validator.validate(item.report());
            found.stream()
                    .map(v -> new Problem.Violation("report." + v.getPropertyPath(), v.getMessage(),
                            v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName()))
                    .sorted(Comparator.comparing(Problem.Violation::field))
                    .forEach(violations::add);
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
    }
}
