package cn.qinzhou.livelihood.platform.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * A body declared larger than quarkus.http.limits.max-body-size is refused with 413 problem+json, like every
 * other refusal. Quarkus's own check (a route at order -2) answers a bare 413 with no body; this route runs
 * just before it and answers from the Content-Length alone, before the body is read (so a client that sent
 * "Expect: 100-continue" never uploads it). A chunked body without a length still meets Quarkus's bare 413.
 */
@ApplicationScoped
public class OversizedBodies {

    private static final String PROBLEM = "{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
            + "\"detail\":\"the body is larger than the %d bytes this service accepts\","
            + "\"violations\":[{\"field\":\"body\",\"message\":\"must be at most %d bytes\"}]}";

    void refuseDeclaredOversizedBodies(@Observes Router router,
                                       @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit) {
        if (limit.isEmpty()) {
            return;
        }
        long max = limit.get().asLongValue();
        String problem = PROBLEM.formatted(max, max);
        router.route().order(-3).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length != null && declaredLength(length) > max) {
                context.response().setStatusCode(413)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE)
                        // the unread body cannot be skipped on a kept-alive connection
                        .putHeader("Connection", "close")
                        .end(problem);
                return;
            }
            context.next();
        });
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
