package cn.qinzhou.livelihood.notification.alerting;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;

@Entity
@Table(name = "alert")
public class Alert extends PanacheEntityBase {

    public enum Rule { REMINDER, OVERDUE, SLOW_PROGRESS, STALLED, REPEAT_LATE }

    public enum Severity { INFO, YELLOW, RED }

    public enum State { OPEN, ACKNOWLEDGED, RESOLVED }

    /**
     * The lead unit's answer (督办答复) as it stands: none yet, answered and awaiting the office's review, returned
     * with a comment (the unit may answer again), or accepted (the alert resolved with it).
     */
    public enum Response { NONE, ANSWERED, RETURNED, ACCEPTED }

    @Id
    @BlockSequence("alert_id_seq")
    public Long id;
    @Enumerated(EnumType.STRING)
    public Rule rule;
    @Column(name = "subject_type")
    public String subjectType;
    @Column(name = "subject_id")
    public String subjectId;
    @Column(name = "project_id")
    public String projectId;
    @Column(name = "lead_unit_id")
    public String leadUnitId;
    @Column(name = "programme_id")
    public Integer programmeId;
    public String period;
    @Enumerated(EnumType.STRING)
    public Severity severity;
    @Enumerated(EnumType.STRING)
    public State state;
    public String message;
    public String details;
    @Column(name = "raised_at")
    public Instant raisedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "resolved_at")
    public Instant resolvedAt;
    /** 督办 level: 0 none; 1 约谈, the unit's head is called in (a RED alert left unanswered, {@link UnansweredEscalation}). */
    @Column(name = "escalation_level")
    public int escalationLevel;
    @Enumerated(EnumType.STRING)
    public Response response = Response.NONE;
    @Column(name = "answer_explanation")
    public String answerExplanation;
    @Column(name = "answer_measures")
    public String answerMeasures;
    @Column(name = "answer_expected_completion")
    public LocalDate answerExpectedCompletion;
    @Column(name = "answered_by")
    public String answeredBy;
    @Column(name = "answered_at")
    public Instant answeredAt;
}
