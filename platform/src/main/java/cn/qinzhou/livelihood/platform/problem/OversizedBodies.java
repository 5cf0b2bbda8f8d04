package cn.qinzhou.livelihood.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A body declared larger than quarkus.http.limits.max-body-size is refused with 413 problem+json, like every
 * other refusal. Quarkus's own check (a route at order -2) answers a bare 413 with no body; this route runs
 * just before it and answers from the Content-Length alone, before the body is read (so a client that sent
 * "Expect: 100-continue" never uploads it). A chunked body without a length still meets Quarkus's bare 413.
 */
@ApplicationScoped
public class OversizedBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    void refuseDeclaredOversizedBodies(@Observes Router router,
                                       @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit) {
        if (limit.isEmpty()) {
            return;
        }
        long max = limit.get().asLongValue();
        router.route().order(-3).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            if (declaredLength(length) > max) {
                Locale language = Messages.choose(context.request().getHeader("Accept-Language"));
                String problem = json(new Problem("about:blank", Messages.text(language, "platform.title.413"), 413,
                        Messages.text(language, "platform.too-large.detail", max), List.of(new Problem.Violation("body",
                        Messages.text(language, "platform.too-large", max), "platform.too-large"))));
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

    private static String json(Problem problem) {
        try {
            return JSON.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The length a {@code Content-Length} header declares, or -1 when there is none or it is not a number. */
    public static long declaredLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
