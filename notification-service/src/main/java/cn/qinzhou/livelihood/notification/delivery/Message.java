package cn.qinzhou.livelihood.notification.delivery;

import cn.qinzhou.livelihood.contracts.alert.AlertEvent;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** A delivery as people read it (Chinese): title, Markdown for the robots, plain text and HTML for e-mail. */
public record Message(String title, String markdown, String text, String html) {

    private static final Map<String, String> RULES = Map.of("REMINDER", "报送提醒", "OVERDUE", "逾期未报",
            "SLOW_PROGRESS", "进度滞后", "STALLED", "进度停滞", "REPEAT_LATE", "多次迟报");
    private static final Map<String, String> SEVERITIES = Map.of("INFO", "提示", "YELLOW", "黄色预警", "RED", "红色预警");
    private static final Map<String, String> CHANGES = Map.of("AlertRaised", "新预警", "AlertEscalated", "预警升级",
            "AlertUpdated", "预警更新", "AlertAcknowledged", "预警已签收", "AlertResolved", "预警已解除",
            "AlertReassigned", "预警转交", "AlertAnswered", "单位已答复", "AnswerReturned", "答复已退回");
    private static final Map<String, String> STATES = Map.of("OPEN", "待处理", "ACKNOWLEDGED", "已签收", "RESOLVED", "已解除");

    static Message ofChange(String eventType, AlertEvent alert) {
        String title = "【" + label(SEVERITIES, alert.severity()) + "】" + label(CHANGES, eventType) + "：" + label(RULES, alert.rule())
                + subject(alert.projectId(), alert.leadUnitId(), alert.period());
        String lines = "预警编号：" + alert.id() + "\n"
                + (alert.projectId() == null ? "" : "项目：" + alert.projectId() + "\n")
                + (alert.leadUnitId() == null ? "" : "牵头单位：" + alert.leadUnitId() + "\n")
                + "期间：" + alert.period() + "\n"
                + "状态：" + label(STATES, alert.state())
                + (alert.escalationLevel() != null && alert.escalationLevel() > 0 ? "（已升级为约谈）" : "") + "\n"
                + alert.message()
                + answer(alert.answer());
        String markdown = "### " + title + "\n" + lines.lines().map(line -> "> " + line).reduce((a, b) -> a + "\n" + b).orElse("");
        return new Message(title, markdown, title + "\n\n" + lines, html(title, List.of(lines.split("\n"))));
    }

    /** The digest with as many items as fit {@code maxBytes} of Markdown (UTF-8); the counts always. */
    static Message ofDigest(Digest digest, int maxBytes) {
        String title = "民生实事预警汇总：" + digest.total() + " 项变化";
        StringBuilder counts = new StringBuilder();
        digest.byRule().forEach((rule, count) -> counts.append("- ").append(label(RULES, rule)).append("：").append(count).append(" 项\n"));
        digest.bySeverity().forEach((severity, count) -> counts.append("- ").append(label(SEVERITIES, severity)).append("：")
                .append(count).append(" 项\n"));
        for (int shown = digest.items().size(); ; shown = shown / 2) {
            List<String> items = digest.items().subList(0, shown).stream().map(Message::line).toList();
            StringBuilder text = new StringBuilder(counts);
            if (shown > 0) {
                text.append("\n前 ").append(shown).append(" 项：\n");
                for (int i = 0; i < shown; i++) {
                    text.append(i + 1).append(". ").append(items.get(i)).append('\n');
                }
            }
            if (digest.total() > shown) {
                text.append("……另有 ").append(digest.total() - shown).append(" 项，请登录预警中心查看。\n");
            }
            String markdown = "### " + title + "\n" + text;
            if (shown == 0 || markdown.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
                return new Message(title, truncate(markdown, maxBytes), title + "\n\n" + text,
                        html(title, List.of(text.toString().split("\n"))));
            }
        }
    }

    /** Cuts at a character boundary so the UTF-8 form fits; a Chinese character is three bytes. */
    static String truncate(String text, int maxBytes) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return text;
        }
        int bytes = 0;
        StringBuilder cut = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes - 3) {
                break;
            }
            cut.appendCodePoint(cp);
            bytes += size;
            i += Character.charCount(cp);
        }
        return cut.append("…").toString();
    }

    /** The unit's answer (情况说明, 整改措施), so the office can judge it from the message alone. */
    private static String answer(AlertEvent.Answer answer) {
        if (answer == null) {
            return "";
        }
        return "\n情况说明：" + answer.explanation() + "\n整改措施：" + answer.measures()
                + (answer.expectedCompletion() == null ? "" : "\n预计完成：" + answer.expectedCompletion());
    }

    private static String line(Digest.Item item) {
        return "[" + label(SEVERITIES, item.severity()) + "] " + label(RULES, item.rule())
                + subject(item.projectId(), item.leadUnitId(), item.period()) + "：" + item.message();
    }

    private static String subject(String projectId, String leadUnitId, String period) {
        return " " + (projectId != null ? projectId : leadUnitId) + "（" + period + "）";
    }

    private static String label(Map<String, String> labels, String key) {
        return key == null ? "" : labels.getOrDefault(key, key);
    }

    private static String html(String title, List<String> lines) {
        StringBuilder html = new StringBuilder("<html><body><h3>").append(escape(title)).append("</h3>");
        for (String line : lines) {
            html.append("<p>").append(escape(line)).append("</p>");
        }
        return html.append("</body></html>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
