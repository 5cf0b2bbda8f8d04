package cn.qinzhou.livelihood.notification.alerting;

/**
 * What a rule concludes about one subject for one period; raising an equal verdict twice changes nothing.
 *
 * @param period the reporting month the verdict is about, e.g. {@code 2024-09}
 */
public record Finding(Alert.Rule rule, Subject subject, String period, Verdict verdict) {

    /** Who the alert is about: a project (with its lead unit and programme) or a lead unit. */
    public record Subject(String type, String id, String projectId, String leadUnitId, Integer programmeId) {

        public static Subject project(String projectId, String leadUnitId, Integer programmeId) {
            return new Subject("PROJECT", projectId, projectId, leadUnitId, programmeId);
        }

        public static Subject leadUnit(String leadUnitId) {
            return new Subject("LEAD_UNIT", leadUnitId, null, leadUnitId, null);
        }
    }

    /**
     * The rule's judgement: an open alert with the same verdict is left alone.
     *
     * @param details the rule's figures as JSON text, see {@link AlertWriter#details}
     */
    public record Verdict(Alert.Severity severity, String message, String details) {
    }
}
