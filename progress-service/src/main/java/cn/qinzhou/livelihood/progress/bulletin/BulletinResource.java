package cn.qinzhou.livelihood.progress.bulletin;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.spreadsheets.ExportFormat;
import cn.qinzhou.livelihood.spreadsheets.SpreadsheetReader;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.nio.charset.StandardCharsets;
import java.util.List;

@Path("/bulletins")
@Tag(name = "Bulletin", description = "进度通报: the periodic progress bulletin of the supervision office")
public class BulletinResource {

    private static final List<ExportFormat> FORMATS = List.of(ExportFormat.JSON, ExportFormat.XLSX, ExportFormat.HTML);

    private final BulletinService bulletins;

    public BulletinResource(BulletinService bulletins) {
        this.bulletins = bulletins;
    }

    @GET
    @Path("/{period}")
    @RolesAllowed({Roles.PLANNER, Roles.SUPERVISOR})
    @Produces({MediaType.APPLICATION_JSON, SpreadsheetReader.XLSX, MediaType.TEXT_HTML})
    @Operation(summary = "The progress bulletin on a period as the data stood at asOf (default now), on the projects "
            + "of the period's plan year (year, if given, must be it): rates by lead unit and programme, overdue and lagging projects, funding by programme and source; as JSON, .xlsx "
            + "or HTML (format=json|xlsx|html or Accept)")
    public Response get(@PathParam("period") String period, @QueryParam("year") String year, @QueryParam("asOf") String asOf,
                        @QueryParam("format") String format, @Context Request request) {
        ExportFormat chosen = ExportFormat.choose(format, request, FORMATS);
        Bulletin bulletin = bulletins.bulletin(period, year, asOf);
        String name = "进度通报-" + bulletin.period();
        if (chosen == ExportFormat.HTML) {
            return chosen.attachment(BulletinDocument.html(bulletin).getBytes(StandardCharsets.UTF_8), name);
        }
        return chosen.answer(bulletin, name, () -> BulletinDocument.tables(bulletin));
    }
}
