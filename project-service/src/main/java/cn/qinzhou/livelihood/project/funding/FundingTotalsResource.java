package cn.qinzhou.livelihood.project.funding;

import cn.qinzhou.livelihood.platform.problem.ProblemException;
import cn.qinzhou.livelihood.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/funding-totals")
@Tag(name = "Funding", description = "Planned funding totals beside the document's figures")
public class FundingTotalsResource {

    private final FundingTotalsService totals;
    private final int planYear;

    public FundingTotalsResource(FundingTotalsService totals,
                                 @ConfigProperty(name = "livelihood.plan.year", defaultValue = "2024") int planYear) {
        this.totals = totals;
        this.planYear = planYear;
    }

    @GET
    @RolesAllowed({Roles.PLANNER, Roles.SUPERVISOR, Roles.DASHBOARD})
    @Operation(summary = "Planned funding grouped by programme, category, source or lead-unit: document figure, "
            + "registered sum and the unallocated difference")
    public FundingTotals get(@QueryParam("groupBy") @DefaultValue("programme") String groupBy) {
        FundingGrouping grouping = FundingGrouping.fromParameter(groupBy).orElseThrow(() ->
                ProblemException.invalid("groupBy", "must be one of programme, category, source, lead-unit"));
        return totals.totals(planYear, grouping);
    }
}
