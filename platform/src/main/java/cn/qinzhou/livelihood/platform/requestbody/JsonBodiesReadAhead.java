package cn.qinzhou.livelihood.platform.requestbody;

import cn.qinzhou.livelihood.platform.problem.OversizedBodies;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.ByteArrayInputStream;

/**
 * Reads a small JSON body on the event loop, before the request goes to a worker thread. A resource method that
 * blocks (every one here) otherwise reads its body on the worker through Quarkus REST's blocking stream: the worker
 * waits while the event loop hands it the body and then the request's end, two wake-ups across threads for a report
 * of about 1 KB (4 % of progress-service's CPU under ingestion, profiled). The body read here becomes the request's
 * entity stream, which both blocking and non-blocking methods read.
 * <p>
 * Only a body that declares its length, at most {@link #LIMIT} bytes, of a JSON type, is read ahead: a chunked one, a
 * larger one, one awaiting "100-continue" and an upload (CSV, spreadsheet) are streamed as before. The write limit
 * runs first, so a refused write is not read.
 */
public class JsonBodiesReadAhead {

    static final long LIMIT = 64 * 1024;

    @Inject
    RoutingContext routing;

    /** Priority USER: after the write limit (USER - 1), and no later, as Quarkus's own blocking filters come next. */
    @ServerRequestFilter(nonBlocking = true, priority = Priorities.USER)
    public Uni<Void> readAhead(ContainerRequestContext request) {
        HttpServerRequest http = routing.request();
        if (!readableAhead(request) || http.isEnded()) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> read = Uni.createFrom().completionStage(http.body().toCompletionStage())
                .invoke(body -> request.setEntityStream(new ByteArrayInputStream(body.getBytes())))
                .replaceWithVoid();
        http.resume();
        return read;
    }

    private static boolean readableAhead(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        if (type == null || !"json".equals(type.getSubtype()) && !type.getSubtype().endsWith("+json")
                || request.getHeaderString("Expect") != null || request.getHeaderString("Transfer-Encoding") != null) {
            return false;
        }
        long declared = OversizedBodies.declaredLength(request.getHeaderString(HttpHeaders.CONTENT_LENGTH));
        return declared > 0 && declared <= LIMIT;
    }
}
