package cn.qinzhou.livelihood.platform.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Endpoints whose body is optional declare {@code @Consumes(application/json)}, so that a body of another type
 * is refused with 415 instead of being ignored. A request with no body and no type (curl's and a browser's
 * bodiless POST) carries nothing to ignore: this filter lets it through to them as an empty JSON body, that is
 * a null argument. An empty body that names a type is left to the endpoint, which says what it expected.
 */
public class BodilessRequests {

    /** Headers only: it runs on the event loop, so the filters after it may too (a filter that does must come first). */
    @ServerRequestFilter(preMatching = true, nonBlocking = true)
    public void treatAnEmptyBodyAsJson(ContainerRequestContext request) {
        if (request.getHeaderString(HttpHeaders.CONTENT_TYPE) == null && isEmpty(request)) {
            request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        }
    }

    private static boolean isEmpty(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        String chunked = request.getHeaderString("Transfer-Encoding");
        return (length == null || length.trim().equals("0")) && chunked == null;
    }
}
