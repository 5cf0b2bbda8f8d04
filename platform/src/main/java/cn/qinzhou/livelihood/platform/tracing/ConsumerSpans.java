package cn.qinzhou.livelihood.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.MDC;

/**
 * A consumer span around applying one record, child of the trace context the record carries in its headers. While it
 * is current, whatever the handler appends to the outbox records this span's context, so an alert raised for a
 * report continues the trace of the request that submitted the report.
 */
@ApplicationScoped
public class ConsumerSpans {

    private final Tracer tracer;

    public ConsumerSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Starts the span and makes it current on this thread until {@link Applying#close()}. */
    public Applying applying(String group, ConsumerRecord<?, ?> record) {
        Span span = tracer.spanBuilder(record.topic() + " process")
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(TraceContext.of(record.headers()).asParent())
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation", "process")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.consumer.group.name", group)
                .setAttribute("messaging.destination.partition.id", Integer.toString(record.partition()))
                .setAttribute("messaging.kafka.offset", record.offset())
                .startSpan();
        // A consumer thread has no request context to fill the log's MDC: set the ids the log format and JSON show.
        MDC.put("traceId", span.getSpanContext().getTraceId());
        MDC.put("spanId", span.getSpanContext().getSpanId());
        return new Applying(span, span.makeCurrent());
    }

    /** The open span; close it (try-with-resources) once the record is applied or given up on. */
    public static final class Applying implements AutoCloseable {
        private final Span span;
        private final Scope scope;

        private Applying(Span span, Scope scope) {
            this.span = span;
            this.scope = scope;
        }

        @Override
        public void close() {
            scope.close();
            span.end();
            MDC.remove("traceId");
            MDC.remove("spanId");
        }
    }
}
