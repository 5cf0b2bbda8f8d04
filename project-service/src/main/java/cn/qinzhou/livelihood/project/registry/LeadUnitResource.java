package cn.qinzhou.livelihood.project.registry;

import cn.qinzhou.livelihood.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;
import java.util.List;

@Path("/lead-units")
@Tag(name = "Lead units", description = "牵头单位: the bodies that answer for projects")
public class LeadUnitResource {

    private final RegistryService registry;

    public LeadUnitResource(RegistryService registry) {
        this.registry = registry;
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
}
