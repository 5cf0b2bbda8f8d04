package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.platform.idempotency.IdempotentRequests;
import cn.qinzhou.livelihood.platform.security.Caller;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.project.planyear.PlanYears;
import cn.qinzhou.livelihood.spreadsheets.ExportFormat;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetReader;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetWriter;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/responsibility-table")
@Tag(name = "Responsibility table", description = "责任表: lead units and amounts per project, imported in bulk")
@RolesAllowed(Roles.PLANNER)
public class ResponsibilityTableResource {

    private static final List<String> NOTES = List.of(
            "责任表导入说明: 每行一个项目; 项目填项目编号(如 P0401)或登记的项目名称; 金额单位为元, 最多两位小数",
            "中央财政补助 + 自治区财政补助 + 市和县区投入 必须等于 年度计划投资, 年度计划投资不得超过总投资",
            "整张表全部校验通过才会导入; 任何一行有错, 全部不导入, 并逐行列出错误",
            "示例 (illustrative): P0401,qz-kjj,市科技局,1000000.00,600000.00,300000.00,100000.00,200000.00");

    private final ResponsibilityTableImport importer;
    private final Caller caller;
    private final IdempotentRequests idempotentRequests;
    private final PlanYears planYears;

    public ResponsibilityTableResource(ResponsibilityTableImport importer, Caller caller,
                                       IdempotentRequests idempotentRequests, PlanYears planYears) {
        this.importer = importer;
        this.planYears = planYears;
        this.caller = caller;
        this.idempotentRequests = idempotentRequests;
    }

    @POST
    @Consumes({"text/csv", "text/plain", SpreadsheetReader.XLSX})
    @Operation(summary = "Import the responsibility table as CSV or .xlsx: all rows or none, with a per-row error report. "
            + "With an Idempotency-Key, a repeat within 24 hours gets the first answer and changes nothing")
    @APIResponse(responseCode = "200",
            content = @Content(schema = @Schema(implementation = ResponsibilityTableImport.ImportResult.class)))
    public Response importTable(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                @HeaderParam(IdempotentRequests.HEADER) String idempotencyKey,
                                @Parameter(description = "the plan year of the table: every row must be one of its projects")
                                @QueryParam("year") Integer year) {
        Integer planYear = year == null ? null : planYears.resolve(year);
        return idempotentRequests.once(new IdempotentRequests.Request(idempotencyKey, caller.actor(),
                "POST /responsibility-table" + (planYear == null ? "" : "?year=" + planYear) + " " + contentType, body),
                () -> importer.importFile(body, contentType, planYear, caller.actor()));
    }

    @GET
    @Path("/template")
    // JSON listed too so that format= decides even for a client that sends Accept: application/json.
    @Produces({"text/csv", SpreadsheetReader.XLSX, "application/json"})
    @Operation(summary = "An empty responsibility table (CSV or .xlsx by format= or Accept) with its Chinese headers "
            + "and notes; the importer reads exactly these columns")
    public Response template(@QueryParam("format") String format, @Context Request request) {
        // JSON is no template format: a caller asking for nothing in particular gets the CSV.
        return ExportFormat.choose(format, request, ExportFormat.TABLE_FILE).file("责任表模板", List.of(template()));
    }

    static SpreadsheetWriter.Table template() {
        List<List<Object>> noRows = List.of();
        return new SpreadsheetWriter.Table("责任表", ResponsibilityTableImport.COLUMNS, noRows, NOTES);
    }
}
