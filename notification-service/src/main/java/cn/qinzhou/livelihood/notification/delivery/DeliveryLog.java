package cn.qinzhou.livelihood.notification.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Who was told what, when, how many attempts it took and how it ended. */
@ApplicationScoped
public class DeliveryLog {

    /**
     * One message owed, as the log shows it. A change carried by a digest shows the digest's attempts, error and
     * sent-at, since that message is how its recipient was told.
     *
     * @param digestId the digest that carried this change, if any
     */
    public record DeliveryView(UUID id, Delivery.Kind kind, long subscriptionId, String recipient, Subscription.Channel channel,
                               Long alertId, String eventType, String rule, String severity, boolean urgent,
                               Delivery.State state, Instant dueAt, int attempts, String lastError, Instant createdAt,
                               Instant sentAt, UUID digestId) {

        static DeliveryView of(Delivery d, Delivery digest) {
            Delivery told = digest != null ? digest : d;
            return new DeliveryView(d.id, d.kind, d.subscriptionId, d.recipient, d.channel, d.alertId, d.eventType, d.rule,
                    d.severity, d.urgent, d.state, told.dueAt, told.attempts, told.lastError, d.createdAt, told.sentAt, d.digestId);
        }
    }

    public record DeliveryPage(List<DeliveryView> items, long total, int page, int size) {
    }

    public List<DeliveryView> ofAlert(long alertId) {
        return views(Delivery.list("alertId = ?1 order by createdAt, id", alertId));
    }

    public DeliveryPage list(Delivery.State state, int page, int size) {
        var query = state == null ? Delivery.find("order by updatedAt desc, id") : Delivery.find("state = ?1 order by updatedAt desc, id", state);
        long total = query.count();
        List<Delivery> found = query.page(page, size).list();
        return new DeliveryPage(views(found), total, page, size);
    }

    private List<DeliveryView> views(List<Delivery> deliveries) {
        List<UUID> digestIds = deliveries.stream().map(d -> d.digestId).filter(java.util.Objects::nonNull).distinct().toList();
        Map<UUID, Delivery> digests = digestIds.isEmpty() ? Map.of()
                : Delivery.<Delivery>list("id in ?1", digestIds).stream().collect(Collectors.toMap(d -> d.id, Function.identity()));
        return deliveries.stream().map(d -> DeliveryView.of(d, d.digestId == null ? null : digests.get(d.digestId))).toList();
    }
}
