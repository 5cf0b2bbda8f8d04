package cn.qinzhou.livelihood.platform.security;

import cn.qinzhou.livelihood.platform.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;
import java.util.Objects;

/**
 * Who is calling, from the verified bearer token. Object-level rules live here so every endpoint applies
 * them the same way: a lead unit reaches only its own unit's objects; another unit's object answers 403
 * (project names and ids are public in the plan, so existence is not hidden).
 */
@RequestScoped
public class Caller {

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
        Object claim = token.getClaim(Roles.LEAD_UNIT_CLAIM);
        return claim == null ? null : claim.toString().replace("\"", "");
    }

    /** True for a caller whose only reach is its own unit (not also planner or supervisor). */
    public boolean isRestrictedToUnit() {
        return identity.hasRole(Roles.LEAD_UNIT) && !identity.hasRole(Roles.PLANNER) && !identity.hasRole(Roles.SUPERVISOR);
    }

    /** The unit a list must be narrowed to, or null when the caller may see all units. */
    public String unitScope() {
        return isRestrictedToUnit() ? Objects.requireNonNullElse(leadUnit(), "\u0000none") : null;
    }

    /** Refuses with 403 unless the caller may act on objects of the given unit. */
    public void requireReach(String objectLeadUnit, String what) {
        if (isRestrictedToUnit() && (leadUnit() == null || !leadUnit().equals(objectLeadUnit))) {
            throw new ProblemException(403, "Forbidden", what + " belongs to another lead unit", List.of());
        }
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }
}
