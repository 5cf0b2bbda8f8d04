package cn.qinzhou.livelihood.contracts;

import cn.qinzhou.livelihood.contracts.alert.AlertEvent;
import cn.qinzhou.livelihood.contracts.calendar.SpecialDay;
import cn.qinzhou.livelihood.contracts.calendar.WorkingCalendarEvent;
import cn.qinzhou.livelihood.contracts.planyear.PlanYearEvent;
import cn.qinzhou.livelihood.contracts.planyear.PlanYearSnapshot;
import cn.qinzhou.livelihood.contracts.progress.ReportEvent;
import cn.qinzhou.livelihood.contracts.project.ProjectEvent;
import cn.qinzhou.livelihood.contracts.project.ProjectSnapshot;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** One event of every type, every field set, as its producer would publish it. */
final class SampleEvents {

    /** An event as {@code Outbox.append} takes it. */
    record Sample(String topic, String type, String aggregateId, int schemaVersion, Object payload) {

        EventEnvelope envelope() {
            return new EventEnvelope(UUID.randomUUID(), type, schemaVersion, Instant.parse("2024-10-03T02:15:00.123Z"),
                    aggregateId, ContractSchemas.SERVICES_MAPPER.valueToTree(payload));
        }

        @Override
        public String toString() {
            return topic + " " + type;
        }
    }

    static final ProjectSnapshot.Plan PLAN = new ProjectSnapshot.Plan(yuan("600000.00"), yuan("300000.00"),
            yuan("100000.00"), yuan("200000.00"));
    static final ProjectSnapshot PROJECT = new ProjectSnapshot("P0401", 2024, 4, "科教惠民工程", "REGION_ALIGNED",
            "乡村振兴科技特派员", "qz-kjj", "市科技局", "ADJUSTED", yuan("1000000.00"), PLAN,
            new ProjectSnapshot.Plan(yuan("500000.00"), yuan("250000.00"), yuan("100000.00"), yuan("150000.00")),
            "P0401-2023");
    static final PlanYearSnapshot PLAN_YEAR = new PlanYearSnapshot(2025, "2025年钦州市人民政府为民办实事实施方案",
            "钦政办〔2025〕9号", "2025-01", "2025-12", 5, "NEXT_WORKING_DAY");

    static List<PlanYearEvent> planYearEvents() {
        return List.of(new PlanYearEvent.PlanYearRegistered(PLAN_YEAR), new PlanYearEvent.PlanYearChanged(PLAN_YEAR));
    }

    static List<WorkingCalendarEvent> workingCalendarEvents() {
        return List.of(new WorkingCalendarEvent.WorkingDaysChanged(2024, List.of(
                new SpecialDay(LocalDate.parse("2024-09-29"), "WORKDAY", "国庆节调休上班"),
                new SpecialDay(LocalDate.parse("2024-10-01"), "HOLIDAY", "国庆节"))));
    }

    static List<ProjectEvent> projectEvents() {
        return List.of(
                new ProjectEvent.ProjectRegistered(PROJECT),
                new ProjectEvent.ProjectFundingChanged(PROJECT, yuan("900000.50"), PLAN),
                new ProjectEvent.LeadUnitAssigned(PROJECT, "qz-jyj"),
                new ProjectEvent.AdjustmentRequested(PROJECT, 7, "CHANGE_PLAN", PLAN, "征地延期", "李四"),
                new ProjectEvent.AdjustmentApproved(PROJECT, 7, "CHANGE_PLAN", "督查室", "同意"),
                new ProjectEvent.AdjustmentRejected(PROJECT, 8, "CANCEL", "督查室", "理由不足"),
                new ProjectEvent.ProjectCancelled(PROJECT, 9, "无法实施"));
    }

    static List<ReportEvent> reportEvents() {
        Instant due = Instant.parse("2024-10-05T15:59:59.999999Z");
        Instant first = Instant.parse("2024-10-03T02:15:00Z");
        UUID report = UUID.fromString("8d0c2f7e-0a39-4b7f-9d1e-3c1f6f2b8a11");
        return List.of(
                new ReportEvent(report, "P0401", "qz-kjj", 4, "2024-09", 1, due, first, first, "ON_TIME",
                        new BigDecimal("45.5"), yuan("270000.00"), yuan("600000.00"), null, "张三"),
                new ReportEvent(report, "P0401", "qz-kjj", 4, "2024-09", 2, due, first,
                        Instant.parse("2024-10-08T09:30:12.345678Z"), "ON_TIME", new BigDecimal("47.25"),
                        yuan("280000.10"), yuan("600000.00"), "完成投资填报有误", "张三"));
    }

    static List<Sample> all() {
        List<Sample> samples = new ArrayList<>();
        for (ProjectEvent event : projectEvents()) {
            samples.add(new Sample(Topics.PROJECT_EVENTS, event.type(), event.project().id(), ProjectEvent.SCHEMA_VERSION, event));
        }
        for (ReportEvent event : reportEvents()) {
            samples.add(new Sample(Topics.PROGRESS_EVENTS, event.type(), event.projectId(), ReportEvent.SCHEMA_VERSION, event));
        }
        for (PlanYearEvent event : planYearEvents()) {
            samples.add(new Sample(Topics.PLAN_YEAR_EVENTS, event.type(), Integer.toString(event.planYear().year()),
                    PlanYearEvent.SCHEMA_VERSION, event));
        }
        for (WorkingCalendarEvent event : workingCalendarEvents()) {
            samples.add(new Sample(Topics.WORKING_CALENDAR_EVENTS, event.type(), Integer.toString(event.year()),
                    WorkingCalendarEvent.SCHEMA_VERSION, event));
        }
        Instant raised = Instant.parse("2024-10-06T00:00:00.000001Z");
        Instant resolved = Instant.parse("2024-10-08T09:30:12.345678Z");
        for (AlertEvent.Type type : AlertEvent.Type.values()) {
            String state = switch (type) {
                case AlertAcknowledged -> "ACKNOWLEDGED";
                case AlertResolved -> "RESOLVED";
                default -> "OPEN";
            };
            String response = switch (type) {
                case AlertAnswered -> "ANSWERED";
                case AnswerReturned -> "RETURNED";
                case AlertResolved -> "ACCEPTED";
                default -> "NONE";
            };
            AlertEvent.Answer answer = response.equals("NONE") ? null : new AlertEvent.Answer("汛期停工两周",
                    "增加施工班组, 周报进度", java.time.LocalDate.parse("2024-11-30"), "qz-kjj-user", resolved);
            AlertEvent alert = new AlertEvent(42, "OVERDUE", "RED", state, "PROJECT", "P0401", "P0401", "qz-kjj", 4,
                    "2024-09", "逾期未报: 2024-09 月进展报告未在截止时间前报送",
                    "{\"completion\":10.00,\"missingProjects\":[\"P0401\"]}", raised, resolved,
                    state.equals("RESOLVED") ? resolved : null, null,
                    type == AlertEvent.Type.AlertEscalated ? 1 : 0, response, answer);
            samples.add(new Sample(Topics.ALERT_EVENTS, type.name(), alert.subjectId(), AlertEvent.SCHEMA_VERSION, alert));
        }
        return samples;
    }

    private static BigDecimal yuan(String amount) {
        return new BigDecimal(amount);
    }

    private SampleEvents() {
    }
}
