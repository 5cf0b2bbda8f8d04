package cn.qinzhou.livelihood.project.planyear;

import cn.qinzhou.livelihood.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.util.List;

@Path("/plan-years")
@Tag(name = "Plan years", description = "The plan years (计划年度): each year's document, programmes and reporting window")
public class PlanYearResource {

    private final PlanYears planYears;

    public PlanYearResource(PlanYears planYears) {
        this.planYears = planYears;
    }

    @GET
    @RolesAllowed({Roles.PLANNER, Roles.SUPERVISOR, Roles.DASHBOARD, Roles.LEAD_UNIT})
    @Operation(summary = "Every registered plan year with its figures, programmes, reporting window and due rule")
    public List<PlanYearView> list() {
        return planYears.list();
    }

    @GET
    @Path("/{year}")
    @RolesAllowed({Roles.PLANNER, Roles.SUPERVISOR, Roles.DASHBOARD, Roles.LEAD_UNIT})
    @Operation(summary = "One plan year")
    public PlanYearView get(@PathParam("year") int year) {
        return planYears.get(year);
    }

    @POST
    @RolesAllowed(Roles.PLANNER)
    @Operation(summary = "Register a plan year from its document: figures, funding split, programmes and the reporting "
            + "window, which must not overlap another year's; announced as PlanYearRegistered")
    public RestResponse<PlanYearView> register(@NotNull @Valid RegisterPlanYearRequest request) {
        PlanYearView created = planYears.register(request);
        return RestResponse.ResponseBuilder.<PlanYearView>created(URI.create("/plan-years/" + created.year()))
                .entity(created).build();
    }

    @PUT
    @Path("/{year}/reporting")
    @RolesAllowed(Roles.PLANNER)
    @Operation(summary = "Change the reporting window, due day or due rule; announced as PlanYearChanged")
    public PlanYearView changeReporting(@PathParam("year") int year, @NotNull @Valid ReportingRequest request) {
        return planYears.changeReporting(year, request);
    }
}
