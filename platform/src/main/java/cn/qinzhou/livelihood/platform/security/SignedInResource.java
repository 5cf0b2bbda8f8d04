package cn.qinzhou.livelihood.platform.security;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * Who the console's page is signed in as, so it can label itself and offer what the role may do. The page never
 * sees a token: its session cookie signs its calls in. The API's own checks still decide every answer.
 */
@Path("/console/me")
@Authenticated
public class SignedInResource {

    /** @param name the person's or unit's name as the provider gives it (e.g. 市教育局), else the subject */
    public record SignedIn(String subject, String name, List<String> roles, String leadUnit) {
    }

    private final SecurityIdentity identity;
    private final Caller caller;

    public SignedInResource(SecurityIdentity identity, Caller caller) {
        this.identity = identity;
        this.caller = caller;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public SignedIn get() {
        String subject = identity.getPrincipal().getName();
        Object name = Caller.verifiedClaim(identity.getPrincipal(), "name");
        List<String> roles = identity.getRoles().stream().sorted().toList();
        return new SignedIn(subject, name == null ? subject : name.toString(), roles, caller.leadUnit());
    }
}
