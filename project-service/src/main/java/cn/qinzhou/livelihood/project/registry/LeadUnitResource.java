package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.platform.security.Roles;
import cn.qinzhou.livelihood.platform.security.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.util.List;

@Path("/lead-units")
@Tag(name = "Lead units", description = "牵头单位: the bodies that answer for projects")
public class LeadUnitResource {

    private final RegistryService registry;
    private final Caller caller;

    public LeadUnitResource(RegistryService registry, Caller caller) {
        this.registry = registry;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.PLANNER, Roles.SUPERVISOR})
    public List<LeadUnitView> list() {
        return registry.leadUnits();
    }

    @POST
    @RolesAllowed(Roles.PLANNER)
    public RestResponse<LeadUnitView> register(@NotNull @Valid RegisterLeadUnitRequest request) {
        LeadUnitView unit = registry.registerLeadUnit(request);
        return RestResponse.ResponseBuilder.<LeadUnitView>created(URI.create("/lead-units/" + unit.id()))
                .entity(unit).build();
    }

    @PUT
    @Path("/{id}")
    // Only JSON: a text/plain body would otherwise be taken whole as the name (the record has one String field).
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PLANNER)
    @Operation(summary = "Rename a lead unit (its id stays); each of its projects is announced again with the new name")
    public LeadUnitView rename(@PathParam("id") String id, @NotNull @Valid RenameLeadUnitRequest request) {
        return registry.renameLeadUnit(id, request.name(), caller.actor());
    }
}
