package cn.qinzhou.livelihood.notification.delivery;

import cn.qinzhou.livelihood.platform.security.Caller;
import cn.qinzhou.livelihood.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;

@Path("/subscriptions")
@Tag(name = "Subscriptions", description = "预警订阅: who is told of which alert changes, by which channel, when")
@RolesAllowed({Roles.SUPERVISOR, Roles.LEAD_UNIT})
public class SubscriptionResource {

    private final Subscriptions subscriptions;
    private final Caller caller;

    public SubscriptionResource(Subscriptions subscriptions, Caller caller) {
        this.subscriptions = subscriptions;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Subscriptions (a lead unit's caller: its own unit's)")
    public List<Subscriptions.SubscriptionView> list() {
        return subscriptions.list(caller.unitScope());
    }

    @GET
    @Path("/{id}")
    public Subscriptions.SubscriptionView get(@PathParam("id") long id) {
        Subscriptions.SubscriptionView found = subscriptions.view(id);
        caller.requireReach(found.leadUnitId(), "subscription " + id);
        return found;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Subscribes a recipient; 201 with the subscription")
    public Response create(@Valid @NotNull SubscriptionRequest request) {
        Subscriptions.SubscriptionView created = subscriptions.create(request, unitOf(request), caller.actor());
        return Response.created(URI.create("/subscriptions/" + created.id())).entity(created).build();
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replaces a subscription (the whole of it, target included)")
    public Subscriptions.SubscriptionView replace(@PathParam("id") long id, @Valid @NotNull SubscriptionRequest request) {
        caller.requireReach(subscriptions.view(id).leadUnitId(), "subscription " + id);
        return subscriptions.replace(id, request, unitOf(request));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Ends a subscription; what was still owed to it is cancelled, the log kept")
    public Response delete(@PathParam("id") long id) {
        caller.requireReach(subscriptions.view(id).leadUnitId(), "subscription " + id);
        subscriptions.delete(id);
        return Response.noContent().build();
    }

    /** A lead unit subscribes for its own unit only: absent means its own, another unit is refused. */
    private String unitOf(SubscriptionRequest request) {
        if (!caller.isRestrictedToUnit()) {
            return request.leadUnitId();
        }
        String unit = caller.unitScope();
        if (request.leadUnitId() != null) {
            caller.requireReach(request.leadUnitId(), "lead unit " + request.leadUnitId());
        }
        return unit;
    }
}
