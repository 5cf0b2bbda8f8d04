package cn.qinzhou.livelihood.platform.security;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcIdentityProvider;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers for a short while whom a bearer token was verified as, so a client sending the same token on every
 * request (a lead unit's integration, a dashboard) pays for the RS256 signature check and the parsing of its claims
 * once rather than on each request: on a one-report read that check was about a third of the service's CPU.
 *
 * <p>Only what quarkus-oidc verified and accepted is remembered, keyed by the exact token text, and only for a token
 * sent in the {@code Authorization} header (the default tenant: {@link ConsoleTenants}); the console's session
 * cookies always go through quarkus-oidc. An entry lasts until the token expires or {@code max-age} has passed,
 * whichever comes first, so a signing key withdrawn at the provider stops being honoured within {@code max-age} (the
 * same order as the forced JWKS refresh interval). A refused token is never remembered: each attempt is verified
 * again. {@code livelihood.security.verified-tokens.max-age=0} switches the cache off.
 */
@ApplicationScoped
public class VerifiedTokenCache implements IdentityProvider<TokenAuthenticationRequest> {

    private static final String BEARER = "Bearer ";

    private record Verified(SecurityIdentity identity, long expiresAtMillis) {
    }

    private final OidcIdentityProvider verifier;
    private final long maxAgeMillis;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();

    public VerifiedTokenCache(OidcIdentityProvider verifier,
                              @ConfigProperty(name = "livelihood.security.verified-tokens.max-age", defaultValue = "PT30S") Duration maxAge,
                              @ConfigProperty(name = "livelihood.security.verified-tokens.max-entries", defaultValue = "10000") int maxEntries) {
        this.verifier = verifier;
        this.maxAgeMillis = maxAge.toMillis();
        this.maxEntries = maxEntries;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Asked before quarkus-oidc's provider (which has the default priority): it answers what this one leaves (a null item). */
    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
        String token = request.getToken().getToken();
        if (maxAgeMillis <= 0 || http == null || !(request.getToken() instanceof AccessTokenCredential)
                || !sentAsBearer(http, token)) {
            return Uni.createFrom().nullItem();
        }
        long now = System.currentTimeMillis();
        Verified known = verified.get(token);
        if (known != null) {
            if (now < known.expiresAtMillis()) {
                return Uni.createFrom().item(forRequest(known.identity(), http));
            }
            verified.remove(token, known);
        }
        return verifier.authenticate(request, context).invoke(identity -> remember(token, identity, now));
    }

    public int size() {
        return verified.size();
    }

    private void remember(String token, SecurityIdentity identity, long now) {
        Object tenant = identity.getAttribute(OidcUtils.TENANT_ID_ATTRIBUTE);
        if (!OidcUtils.DEFAULT_TENANT_ID.equals(tenant) || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || jwt.getExpirationTime() <= 0) {
            return;
        }
        long expiresAt = Math.min(jwt.getExpirationTime() * 1000, now + maxAgeMillis);
        if (expiresAt <= now) {
            return;
        }
        if (verified.size() >= maxEntries) {
            verified.values().removeIf(entry -> entry.expiresAtMillis() <= now);
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
        }
        verified.put(token, new Verified(identity, expiresAt));
    }

    /** The header quarkus-oidc took the token from: the cache never answers for a token found anywhere else. */
    private static boolean sentAsBearer(RoutingContext http, String token) {
        String header = http.request().getHeader("Authorization");
        return header != null && header.length() == BEARER.length() + token.length()
                && header.regionMatches(true, 0, BEARER, 0, BEARER.length()) && header.endsWith(token);
    }

    /** The remembered identity, pointing at this request rather than the one it was verified on. */
    private static SecurityIdentity forRequest(SecurityIdentity identity, RoutingContext http) {
        QuarkusSecurityIdentity.Builder copy = QuarkusSecurityIdentity.builder(identity);
        if (identity.getAttributes().containsKey(RoutingContext.class.getName())) {
            copy.addAttribute(RoutingContext.class.getName(), http);
        }
        if (identity.getAttributes().containsKey(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE)) {
            copy.addAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE, http);
        }
        return copy.build();
    }
}
