package cn.qinzhou.livelihood.project.funding;

import cn.qinzhou.livelihood.platform.security.Caller;
import cn.qinzhou.livelihood.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/responsibility-table")
@Tag(name = "Responsibility table", description = "责任表: lead units and amounts per project, imported in bulk")
@RolesAllowed(Roles.PLANNER)
public class ResponsibilityTableResource {

    private final ResponsibilityTableImport importer;
    private final Caller caller;

    public ResponsibilityTableResource(ResponsibilityTableImport importer, Caller caller) {
        this.importer = importer;
        this.caller = caller;
    }

    @POST
    @Consumes({"text/csv", "text/plain"})
    @Operation(summary = "Import the responsibility table as CSV: all rows or none, with a per-row error report")
    public ResponsibilityTableImport.ImportResult importCsv(String csv) {
        return importer.importCsv(csv, caller.actor());
    }

    @GET
    @Path("/template")
    @Produces("text/csv; charset=UTF-8")
    @Operation(summary = "An empty responsibility table with its header and one illustrative row")
    public String template() {
        return String.join(",", ResponsibilityTableImport.COLUMNS) + "\n"
                + "# illustrative row, amounts in yuan: project id or name as registered\n"
                + "# P0401,qz-edu,市教育局,1000000.00,600000.00,300000.00,100000.00,200000.00\n";
    }
}
