package cn.qinzhou.livelihood.platform.security;

import io.quarkus.oidc.TenantResolver;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses how a request signs in. A request with an {@code Authorization} header is a machine client's: the
 * default tenant verifies its bearer token, and no token is a plain 401. The console's pages, and the API calls
 * those pages make with their session cookie, belong to the {@value #CONSOLE} tenant: the provider's login page
 * by the authorization code flow, then the session. So the API keeps answering 401 (never a login redirect) to
 * a client that sends no token.
 */
@ApplicationScoped
public class ConsoleTenants implements TenantResolver {

    public static final String CONSOLE = "console";
    /** quarkus-oidc names a tenant's session cookie q_session_<tenant> (chunks add a suffix). */
    private static final String SESSION_COOKIE = "q_session_" + CONSOLE;

    private final boolean consoleEnabled;

    public ConsoleTenants(@ConfigProperty(name = "quarkus.oidc.console.tenant-enabled", defaultValue = "false") boolean consoleEnabled) {
        this.consoleEnabled = consoleEnabled;
    }

    @Override
    public String resolve(RoutingContext context) {
        if (!consoleEnabled || context.request().getHeader("Authorization") != null) {
            return null;
        }
        if (isConsolePage(context.normalizedPath())) {
            return CONSOLE;
        }
        for (Cookie cookie : context.request().cookies()) {
            if (cookie.getName().startsWith(SESSION_COOKIE)) {
                return CONSOLE;
            }
        }
        return null;
    }

    /** The pages, the login's return, logout and the provider's back-channel logout: not the shared script and style. */
    private static boolean isConsolePage(String path) {
        int console = path.indexOf("/console");
        return console >= 0 && !path.startsWith("/console/shared/", console);
    }
}
