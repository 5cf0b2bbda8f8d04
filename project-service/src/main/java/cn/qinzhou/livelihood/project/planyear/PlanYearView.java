package cn.qinzhou.livelihood.project.planyear;

import cn.qinzhou.livelihood.rules.calendar.DueRule;
import cn.qinzhou.livelihood.rules.money.SourceAmounts;

import java.math.BigDecimal;
import java.util.List;

/** A plan year with the document's figures, its programmes' ids (to register projects under) and its window. */
public record PlanYearView(int year, String title, String documentReference, BigDecimal totalInvestment,
                           BigDecimal annualPlan, int projectCount, SourceAmounts split,
                           List<ProgrammeRef> programmes, String firstPeriod, String lastPeriod, int dueDayOfMonth,
                           DueRule dueRule) {

    public record ProgrammeRef(int id, String name, String nameEn) {
    }
}
