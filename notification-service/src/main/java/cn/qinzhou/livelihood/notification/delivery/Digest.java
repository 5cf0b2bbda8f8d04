package cn.qinzhou.livelihood.notification.delivery;

import java.util.List;
import java.util.Map;

/**
 * What one digest message carries (kept as the digest row's payload): every pending change counted by rule, and the
 * first of them in full. 395 overdue alerts raised at once are one message with "逾期未报 395", not 395 messages.
 *
 * @param total  the changes the digest covers
 * @param byRule changes per rule
 * @param items  the first {@link #MAX_ITEMS} changes, oldest first; each channel shows as many as fit its size limit
 */
public record Digest(int total, Map<String, Integer> byRule, Map<String, Integer> bySeverity, List<Item> items) {

    static final int MAX_ITEMS = 50;

    public record Item(Long alertId, String eventType, String rule, String severity, String projectId, String leadUnitId,
                       String period, String message) {
    }
}
