package cn.qinzhou.livelihood.progress.reporting;

import cn.qinzhou.livelihood.platform.idempotency.IdempotentRequests;
import cn.qinzhou.livelihood.platform.security.Caller;
import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.spreadsheets.ExportFormat;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetReader;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/report-files")
@Tag(name = "Reports")
public class ReportImportResource {

    private final ReportImport importer;
    private final Caller caller;
    private final IdempotentRequests idempotentRequests;

    public ReportImportResource(ReportImport importer, Caller caller, IdempotentRequests idempotentRequests) {
        this.importer = importer;
        this.caller = caller;
        this.idempotentRequests = idempotentRequests;
    }

    @POST
    @RolesAllowed(Roles.LEAD_UNIT)
    @Consumes({"text/csv", "text/plain", SpreadsheetReader.XLSX})
    @Operation(summary = "Import the unit's monthly reports from CSV or .xlsx: all rows or none, with a per-row error "
            + "report. With an Idempotency-Key, a repeat within 24 hours gets the first answer and changes nothing")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ReportImport.ImportResult.class)))
    public Response importFile(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                               @HeaderParam(IdempotentRequests.HEADER) String idempotencyKey) {
        return idempotentRequests.once(new IdempotentRequests.Request(idempotencyKey, caller.actor(),
                "POST /report-files " + contentType, body),
                () -> importer.importFile(body, contentType, caller.unitScope(), caller.actor()));
    }

    @GET
    @Path("/template")
    @RolesAllowed({Roles.LEAD_UNIT, Roles.PLANNER, Roles.SUPERVISOR})
    // JSON listed too so that format= decides even for a client that sends Accept: application/json.
    @Produces({"text/csv", SpreadsheetReader.XLSX, "application/json"})
    @Operation(summary = "The import template (CSV or .xlsx by format= or Accept) with its Chinese headers and notes")
    public Response template(@QueryParam("format") String format, @Context Request request) {
        return ExportFormat.choose(format, request, ExportFormat.TABLE_FILE)
                .file("月度进展报送模板", List.of(ReportSheet.template()));
    }
}
