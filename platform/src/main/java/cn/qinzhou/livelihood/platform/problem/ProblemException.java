package cn.qinzhou.livelihood.platform.problem;

import java.util.List;

/**
 * A refusal the client can act on; mapped to problem+json with its status. Never used for bugs. The factories
 * taking a message key write the detail and violations in the current request's language ({@link Messages}).
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.Violation> violations;

    public ProblemException(int status, String title, String detail, List<Problem.Violation> violations) {
        super(detail);
        this.status = status;
        // a standard title ("Bad Request") is said in the request's language
        this.title = title != null && title.equals(Messages.text(Messages.ENGLISH, "platform.title." + status))
                ? Messages.title(status) : title;
        this.violations = List.copyOf(violations);
    }

    /** Status, its title in the request's language, and the detail of {@code key}. */
    public static ProblemException of(int status, List<Problem.Violation> violations, String key, Object... args) {
        return new ProblemException(status, Messages.title(status), Messages.text(key, args), violations);
    }

    /** "subscription 7 does not exist": {@code what} is a noun with its own key {@code noun.<what>}. */
    public static ProblemException notFound(String what, Object id) {
        return of(404, List.of(), "platform.not-found", Messages.noun(what), id);
    }

    /** A 409 with its detail already in words; prefer {@link #conflictOf}. */
    public static ProblemException conflict(String detail) {
        return new ProblemException(409, Messages.title(409), detail, List.of());
    }

    public static ProblemException conflictOf(String key, Object... args) {
        return of(409, List.of(), key, args);
    }

    /** A 403 for an object-level refusal. */
    public static ProblemException forbiddenOf(String key, Object... args) {
        return of(403, List.of(), key, args);
    }

    /** One field breaking the rule of {@code key}. */
    public static ProblemException rule(String field, String key, Object... args) {
        return invalid(List.of(Problem.Violation.of(field, key, args)));
    }

    /** {@link #rule} when there is a key, else {@link #invalid(String, String)} with the English rule. */
    public static ProblemException rule(String field, String key, String english, Object[] args) {
        return key == null ? invalid(field, english) : rule(field, key, args);
    }

    /** One field with its rule already in words; prefer {@link #rule}. */
    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new Problem.Violation(field, message)));
    }

    public static ProblemException invalid(List<Problem.Violation> violations) {
        return of(400, violations, "platform.invalid-fields");
    }

    public int status() {
        return status;
    }

    public Problem toProblem() {
        return new Problem("about:blank", title, status, getMessage(), violations);
    }
}
