package cn.qinzhou.livelihood.progress.funding;

import cn.qinzhou.livelihood.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/funding-totals")
@Tag(name = "Funding", description = "Planned vs completed and received investment")
public class PlanVsActualResource {

    private final PlanVsActualService service;

    public PlanVsActualResource(PlanVsActualService service) {
        this.service = service;
    }

    @GET
    @RolesAllowed({Roles.PLANNER, Roles.SUPERVISOR, Roles.DASHBOARD})
    @Operation(summary = "Planned, completed and received investment and completion rate by programme, category, "
            + "source, lead-unit or month, as of the end of a period (default: the plan's last)")
    public PlanVsActual get(@QueryParam("groupBy") @DefaultValue("programme") String groupBy,
                            @QueryParam("period") String period) {
        return service.totals(groupBy, period);
    }
}
