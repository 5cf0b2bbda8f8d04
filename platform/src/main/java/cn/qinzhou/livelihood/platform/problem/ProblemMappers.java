package cn.qinzhou.livelihood.platform.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every failure a client can cause becomes problem+json naming the field and the rule; nothing leaks a
 * class name or stack trace. An unreachable database is a 503 the client may retry, not a 500.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.toProblem());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(fieldOf(v), v.getMessage(),
                        v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        return respond(new Problem("about:blank", Messages.title(400), 400, Messages.text("platform.invalid-fields"), violations));
    }

    // Quarkus ships its own mappers for these exact types; naming them here makes ours win.
    @ServerExceptionMapper
    public Response resteasyViolation(io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException e) {
        return constraintViolation(e);
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        if (e instanceof JsonParseException || !(e instanceof JsonMappingException mapping)) {
            return respond(new Problem("about:blank", Messages.title(400), 400,
                    Messages.text("platform.json.malformed.detail", e.getOriginalMessage()),
                    List.of(Problem.Violation.of("body", "platform.json.malformed"))));
        }
        String field = pathOf(mapping);
        String at = field.isEmpty() ? "body" : field;
        Problem.Violation violation;
        if (e instanceof UnrecognizedPropertyException) {
            violation = Problem.Violation.of(at, "platform.json.unknown-field");
        } else if (e instanceof InvalidFormatException invalid && kindOf(invalid.getValue()).equals(kindOf(invalid.getTargetType()))) {
            violation = Problem.Violation.of(at, "platform.json.bad-value", describe(invalid.getTargetType()), invalid.getValue());
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                && givenKind(mismatch) != null) {
            violation = Problem.Violation.of(at, "platform.json.wrong-kind", describe(mismatch.getTargetType()),
                    Messages.text("platform.kind." + givenKind(mismatch).replace(' ', '-')));
        } else {
            violation = Problem.Violation.of(at, "platform.json.wrong-shape");
        }
        return respond(new Problem("about:blank", Messages.title(400), 400, Messages.text("platform.invalid-fields"),
                List.of(violation)));
    }

    @ServerExceptionMapper
    public Response unauthorized(io.quarkus.security.UnauthorizedException e) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer")
                .entity(new Problem("about:blank", Messages.title(401), 401, Messages.text("platform.unauthorized"), List.of()))
                .build();
    }

    /**
     * A failed sign-in answers what the request's way of signing in asks for: a bearer token's is a 401 problem; the
     * console's session (code flow) is the redirect to the provider's login, or 499 for a page's own call. Mapping
     * every failure to a 401 here would take the console's login away.
     */
    @ServerExceptionMapper
    public Uni<Response> authenticationFailed(io.quarkus.security.AuthenticationFailedException e, RoutingContext context) {
        HttpAuthenticator authenticator = context.get(HttpAuthenticator.class.getName());
        if (authenticator == null) {
            return Uni.createFrom().item(unauthorized(new io.quarkus.security.UnauthorizedException()));
        }
        return authenticator.getChallenge(context).map(challenge -> {
            if (challenge == null || challenge.status == 401) {
                return unauthorized(new io.quarkus.security.UnauthorizedException());
            }
            Response.ResponseBuilder answer = Response.status(challenge.status);
            if (challenge.headerName != null) {
                answer.header(challenge.headerName.toString(), challenge.headerContent);
            }
            return answer.build();
        });
    }

    @ServerExceptionMapper
    public Response forbidden(io.quarkus.security.ForbiddenException e) {
        return respond(new Problem("about:blank", Messages.title(403), 403, Messages.text("platform.forbidden-role"), List.of()));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return respond(new Problem("about:blank", Messages.title(500), 500, Messages.text("platform.unexpected"), List.of()));
        }
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return unreadableJson(json);
        }
        // Quarkus' own refusals (no such resource, method, media type) say what in English; their status says it in every language
        String detail = Messages.isChinese(Messages.current())
                ? Messages.text("platform.status." + status, e.getMessage()) : e.getMessage();
        if (detail.equals("platform.status." + status)) {
            detail = Messages.title(status);
        }
        return respond(new Problem("about:blank", Messages.title(status), status, detail, List.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (isDatabaseUnavailable(e)) {
            LOG.warnf("database unavailable: %s", e.getMessage());
            return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", "5")
                    .entity(new Problem("about:blank", Messages.title(503), 503,
                            Messages.text("platform.database-unavailable"), List.of()))
                    .build();
        }
        if (isUniqueViolation(e)) {
            return respond(new Problem("about:blank", Messages.title(409), 409,
                    Messages.text("platform.concurrent-change"), List.of()));
        }
        LOG.error("unexpected error", e);
        return respond(new Problem("about:blank", Messages.title(500), 500, Messages.text("platform.unexpected"), List.of()));
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
            if (t instanceof jakarta.persistence.OptimisticLockException
                    || t instanceof org.hibernate.StaleObjectStateException) {
                return true;
            }
        }
        return false;
    }

    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    static boolean isDatabaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.JDBCConnectionException
                    || t instanceof java.sql.SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains("acquisition timeout")) {
                return true;
            }
        }
        return false;
    }

    /** Clients know fields, not Java signatures: the body parameter's name is dropped, a query parameter's kept. */
    private static String fieldOf(ConstraintViolation<?> violation) {
        String parameter = null;
        StringBuilder field = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> {
                }
                case PARAMETER -> parameter = node.getName();
                default -> {
                    if (node.getIndex() != null && field.length() > 0) {
                        field.append('[').append(node.getIndex()).append(']');
                    }
                    if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                        field.append(field.length() > 0 ? "." : "").append(node.getName());
                    }
                }
            }
        }
        if (field.length() > 0) {
            return field.toString();
        }
        return parameter != null ? parameter : "body";
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** What a field takes, as a client would say it. */
    private static String describe(Class<?> type) {
        if (type == null) {
            return Messages.text("platform.kind.other");
        }
        if (type.isEnum()) {
            return Messages.text("platform.kind.enum", java.util.Arrays.toString(type.getEnumConstants()));
        }
        return switch (kindOf(type)) {
            case "a number" -> Messages.text("platform.kind.a-number");
            case "a boolean" -> Messages.text("platform.kind.true-or-false");
            case "a list" -> Messages.text("platform.kind.a-list");
            default -> CharSequence.class.isAssignableFrom(type) ? Messages.text("platform.kind.text")
                    // a date or an amount type is worth naming; the body's own records are not a client's words
                    : type.getPackageName().startsWith("java.") ? Messages.text("platform.kind.java", type.getSimpleName())
                    : Messages.text("platform.kind.an-object");
        };
    }

    /** The JSON kind a field of this type is written as: enums, dates and the like are text. */
    private static String kindOf(Class<?> type) {
        if (type == null) {
            return "unknown";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "a boolean";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "text";
    }

    /** The JSON kind of a value Jackson read and could not take. */
    private static String kindOf(Object value) {
        if (value instanceof Boolean) {
            return "a boolean";
        }
        if (value instanceof Number) {
            return "a number";
        }
        return value instanceof CharSequence ? "text" : "unknown";
    }

    /** Jackson names the shape it met in its message ("from Boolean value", "Cannot coerce String value"). */
    private static final Pattern SHAPE_MET = Pattern.compile(
            "(?:from|coerce) (Array|Object|String|Integer|Floating-point|Boolean|Null) value");

    /** The JSON kind the client sent where another was expected, or null when Jackson does not say. */
    private static String givenKind(MismatchedInputException e) {
        if (e instanceof InvalidFormatException invalid && !"unknown".equals(kindOf(invalid.getValue()))) {
            return kindOf(invalid.getValue());
        }
        Matcher shape = SHAPE_MET.matcher(String.valueOf(e.getOriginalMessage()));
        if (!shape.find()) {
            return null;
        }
        return switch (shape.group(1)) {
            case "String" -> "text";
            case "Integer", "Floating-point" -> "a number";
            case "Boolean" -> "a boolean";
            case "Object" -> "an object";
            case "Array" -> "a list";
            default -> "null";
        };
    }
}
