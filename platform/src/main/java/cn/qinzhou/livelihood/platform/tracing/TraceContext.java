package cn.qinzhou.livelihood.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A W3C trace context ({@code traceparent}, {@code tracestate}) as text, the form it takes in an outbox row and in
 * Kafka record headers. The services use the plain Kafka client behind an outbox, so no library carries the trace
 * across: the outbox stores the context current at append time, the relay writes it as headers, and the consumer
 * continues from it. Both fields are null when nothing was traced.
 */
public record TraceContext(String traceparent, String tracestate) {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    public static final TraceContext NONE = new TraceContext(null, null);

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    /** The context of the span current on this thread (e.g. the HTTP request's), or {@link #NONE}. */
    public static TraceContext current() {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return NONE;
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3C.inject(Context.current(), carrier, Map::put);
        return new TraceContext(carrier.get(TRACEPARENT), blankToNull(carrier.get(TRACESTATE)));
    }

    /** The context a producer put on a record, or {@link #NONE}. */
    public static TraceContext of(Headers headers) {
        return new TraceContext(last(headers, TRACEPARENT), last(headers, TRACESTATE));
    }

    public boolean isPresent() {
        return traceparent != null;
    }

    /** Adds the headers a W3C-aware consumer (ours, or any OpenTelemetry Kafka instrumentation) reads. */
    public void addTo(Headers headers) {
        if (traceparent != null) {
            headers.add(TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
            if (tracestate != null) {
                headers.add(TRACESTATE, tracestate.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** As a parent for a new span; the root context when absent or malformed (a new trace then starts). */
    public Context asParent() {
        if (traceparent == null) {
            return Context.root();
        }
        Map<String, String> carrier = tracestate == null ? Map.of(TRACEPARENT, traceparent)
                : Map.of(TRACEPARENT, traceparent, TRACESTATE, tracestate);
        return W3C.extract(Context.root(), carrier, MAP_GETTER);
    }

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return List.copyOf(carrier.keySet());
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private static String last(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : blankToNull(new String(header.value(), StandardCharsets.UTF_8));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
