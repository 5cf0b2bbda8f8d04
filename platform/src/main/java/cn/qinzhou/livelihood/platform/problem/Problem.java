package cn.qinzhou.livelihood.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * RFC 9457 problem details. {@code violations} names each bad field and the rule it broke, so a client
 * can show the message beside the field. Title, detail and messages are in the request's language
 * ({@link Messages}); fields and rule codes never change with it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /**
     * @param field dotted path of the field in the request body or the parameter name
     * @param message the rule, in the request's language
     * @param rule a stable code of the rule (the message's key, or the constraint's name), or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Violation(String field, String message, String rule) {

        public Violation(String field, String message) {
            this(field, message, null);
        }

        /** The message of {@code key} in the current request's language; the key is the rule code. */
        public static Violation of(String field, String key, Object... args) {
            return new Violation(field, Messages.text(key, args), key);
        }
    }
}
