package cn.qinzhou.livelihood.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * RFC 9457 problem details. {@code violations} names each bad field and the rule it broke, so a client
 * can show the message beside the field.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** @param field dotted path of the field in the request body or the parameter name; @param message the rule */
    public record Violation(String field, String message) {
    }
}
