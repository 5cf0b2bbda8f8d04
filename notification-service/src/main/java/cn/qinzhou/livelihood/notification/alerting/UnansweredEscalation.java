package cn.qinzhou.livelihood.notification.alerting;

import cn.qinzhou.livelihood.rules.calendar.ReportingCalendar;
import cn.qinzhou.livelihood.rules.calendar.WorkingDays;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * 督办 escalation: a RED SLOW_PROGRESS or OVERDUE alert not resolved and never answered by its lead unit once
 * {@code livelihood.alerts.answer-due-working-days} whole working days have passed after the day it first turned RED
 * goes up one level, to 约谈 (the unit's head is called in): {@code escalationLevel} 1, an ESCALATED change
 * (AlertEscalated). An answer, even one later returned, stops the clock: the unit did respond, and the office has
 * its own way (returning it) to ask for more. Once per level: the statement only touches alerts at level 0.
 * <p>
 * Run by the deadline sweep for each plan year, with that year's working days, over the alerts on its periods; one
 * set-based statement, whatever the number of alerts. An alert turns RED when raised or later, so only those raised before the cut-off need their
 * transitions read: a sweep over thousands of fresh RED alerts reads none (it read each one's history, 67 ms a sweep).
 */
@ApplicationScoped
public class UnansweredEscalation {

    private final AlertWriter alerts;
    private final AlertRulesConfig config;

    public UnansweredEscalation(AlertWriter alerts, AlertRulesConfig config) {
        this.alerts = alerts;
        this.config = config;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public int escalate(ReportingCalendar calendar, Instant now) {
        int days = config.answerDueWorkingDays();
        return alerts.recordChanges("""
                        update alert a set escalation_level = 1, updated_at = :now
                        where a.rule in ('SLOW_PROGRESS', 'OVERDUE') and a.severity = 'RED' and a.state <> 'RESOLVED'
                          and a.response = 'NONE' and a.escalation_level = 0
                          and a.period between :firstPeriod and :lastPeriod
                          and a.raised_at < :redBefore
                          and (select min(t.at) from alert_transition t
                               where t.alert_id = a.id and t.severity = 'RED') < :redBefore
                        returning\s""" + AlertWriter.ALERT_COLUMNS,
                Map.of("now", now, "firstPeriod", calendar.first().toString(), "lastPeriod", calendar.last().toString(),
                        "redBefore", redBefore(calendar.workingDays(), now, days)),
                AlertChange.ESCALATED, AlertWriter.SYSTEM, "未在" + days + "个工作日内答复，升级为约谈");
    }

    /**
     * An alert that turned RED before this instant is due to escalate at {@code now}: the start (Asia/Shanghai) of the
     * day after the latest day R whose {@code workingDays}-th following working day is already over — the same count
     * as the overdue grace (the day itself not counted, escalation from the day after the last one).
     */
    static Instant redBefore(WorkingDays calendar, Instant now, int workingDays) {
        LocalDate today = LocalDate.ofInstant(now, ReportingCalendar.ZONE);
        LocalDate red = today.minusDays(1);
        while (!calendar.plusWorkingDays(red, workingDays).isBefore(today)) {
            red = red.minusDays(1);
        }
        return red.plusDays(1).atStartOfDay(ReportingCalendar.ZONE).toInstant();
    }
}
