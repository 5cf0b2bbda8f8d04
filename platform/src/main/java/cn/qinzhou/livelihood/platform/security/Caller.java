package cn.qinzhou.livelihood.platform.security;

import cn.qinzhou.livelihood.platform.problem.ProblemException;
import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.security.Principal;
import java.util.Objects;

/**
 * Who is calling, from the verified bearer token. Object-level rules live here so every endpoint applies
 * them the same way: a lead unit reaches only its own unit's objects; another unit's object answers 403
 * (project names and ids are public in the plan, so existence is not hidden).
 */
@RequestScoped
public class Caller {

    /** The scope of a lead-unit token without its unit: matches no unit's objects. */
    private static final String NO_UNIT = "\u0000none";

    private final SecurityIdentity identity;
    private final JsonWebToken token;

    public Caller(SecurityIdentity identity, JsonWebToken token) {
        this.identity = identity;
        this.token = token;
    }

    /** Recorded on every change as "who": the token's subject, with the unit for lead units. */
    public String actor() {
        String subject = identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
        String unit = leadUnit();
        return unit == null || subject.endsWith(unit) ? subject : subject + "@" + unit;
    }

    public String leadUnit() {
        if (identity.isAnonymous() || token == null || token.getRawToken() == null) {
            return null;
        }
        return leadUnitOf(identity.getPrincipal());
    }

    /** The lead unit a verified token names, or null. */
    public static String leadUnitOf(Principal principal) {
        Object claim = verifiedClaim(principal, Roles.LEAD_UNIT_CLAIM);
        return claim == null ? null : claim.toString().replace("\"", "");
    }

    /**
     * A claim of the caller's verified token, or null. Read from quarkus-oidc's verified claims where it gives them:
     * smallrye-jwt's {@code getClaim} first looks a custom claim's name up among the standard ones and throws and
     * catches an exception each time, which cost about 5 % of a report submission's CPU.
     */
    public static Object verifiedClaim(Principal principal, String name) {
        return principal instanceof OidcJwtCallerPrincipal oidc ? oidc.getClaims().getClaimValue(name)
                : principal instanceof JsonWebToken jwt ? jwt.getClaim(name) : null;
    }

    /** True for a caller whose only reach is its own unit (not also planner or supervisor). */
    public boolean isRestrictedToUnit() {
        return isRestrictedToUnit(identity);
    }

    /** The unit a list must be narrowed to, or null when the caller may see all units. */
    public String unitScope() {
        return isRestrictedToUnit() ? Objects.requireNonNullElse(leadUnit(), NO_UNIT) : null;
    }

    /**
     * The same scope for code outside a JAX-RS request (a Vert.x route), where the identity is at hand but no
     * request-scoped bean is.
     */
    public static String unitScope(SecurityIdentity identity) {
        if (!isRestrictedToUnit(identity)) {
            return null;
        }
        return Objects.requireNonNullElse(leadUnitOf(identity.getPrincipal()), NO_UNIT);
    }

    private static boolean isRestrictedToUnit(SecurityIdentity identity) {
        return identity.hasRole(Roles.LEAD_UNIT) && !identity.hasRole(Roles.PLANNER) && !identity.hasRole(Roles.SUPERVISOR);
    }

    /** Refuses with 403 unless the caller may act on objects of the given unit. */
    public void requireReach(String objectLeadUnit, String what) {
        if (isRestrictedToUnit() && (leadUnit() == null || !leadUnit().equals(objectLeadUnit))) {
            throw ProblemException.forbiddenOf("platform.other-unit", cn.qinzhou.livelihood.platform.problem.Messages.phrase(what));
        }
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }
}
