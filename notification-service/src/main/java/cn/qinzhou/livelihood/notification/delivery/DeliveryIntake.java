package cn.qinzhou.livelihood.notification.delivery;

import cn.qinzhou.livelihood.contracts.EventEnvelope;
import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.contracts.alert.AlertEvent;
import cn.qinzhou.livelihood.notification.alerting.Alert;
import cn.qinzhou.livelihood.platform.inbox.EventConsumers;
import cn.qinzhou.livelihood.platform.inbox.EventHandler;
import cn.qinzhou.livelihood.platform.inbox.PoisonEventException;
import cn.qinzhou.livelihood.platform.time.MovableClock;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.List;

/**
 * Reads {@code livelihood.alert.events} in a consumer group of its own and records, for each change and each
 * subscription it matches, the message owed ({@link Delivery}); the dispatcher sends them. The platform applies each
 * event once (processed_event, same transaction) and sends an unreadable one to
 * {@code livelihood.alert.events.dlt.notification-delivery}.
 */
@ApplicationScoped
public class DeliveryIntake {

    public static final String CONSUMER_GROUP = "notification-delivery";

    private static final Object WAKE_ON_COMMIT = new Object();

    private final EventConsumers consumers;
    private final ObjectMapper mapper;
    private final EntityManager em;
    private final DeliverySchedule schedule;
    private final MovableClock clock;
    private final DeliveryDispatcher dispatcher;
    private final TransactionSynchronizationRegistry transactions;
    private final boolean enabled;
    /** The subscriptions as they stand at the start of the current run; only the consumer thread uses it. */
    private List<Subscription> subscriptions = List.of();

    public DeliveryIntake(EventConsumers consumers, ObjectMapper mapper, EntityManager em, DeliverySchedule schedule,
                          MovableClock clock, DeliveryDispatcher dispatcher, TransactionSynchronizationRegistry transactions,
                          @ConfigProperty(name = "livelihood.delivery.enabled", defaultValue = "true") boolean enabled) {
        this.consumers = consumers;
        this.mapper = mapper;
        this.em = em;
        this.schedule = schedule;
        this.clock = clock;
        this.dispatcher = dispatcher;
        this.transactions = transactions;
        this.enabled = enabled;
    }

    void start(@Observes @Priority(20) StartupEvent startup) {
        if (!enabled) {
            return;
        }
        consumers.start(CONSUMER_GROUP, List.of(Topics.ALERT_EVENTS), new EventHandler() {
            @Override
            public void beforeRun(List<EventEnvelope> run) {
                subscriptions = Subscription.listAll();
            }

            @Override
            public void handle(EventEnvelope envelope) {
                record(envelope);
            }
        });
    }

    void record(EventEnvelope envelope) {
        AlertEvent alert = envelope.payloadAs(mapper, AlertEvent.class);
        Alert.Severity severity = severityOf(alert.severity());
        if (alert.rule() == null || severity == null) {
            throw new PoisonEventException("alert event lacks a rule or a known severity");
        }
        boolean urgent = isUrgent(envelope.type(), alert);
        Instant now = clock.instant();
        for (Subscription subscription : subscriptions) {
            if (!matches(subscription, alert, severity)) {
                continue;
            }
            DeliverySchedule.Due due = schedule.of(subscription, urgent, now);
            // The id is derived from the change and the subscription: a change read again adds nothing.
            em.createNativeQuery("""
                            insert into delivery (id, kind, subscription_id, recipient, channel, event_id, event_type, alert_id,
                                lead_unit_id, rule, severity, urgent, payload, state, due_at, attempts, created_at, updated_at)
                            values (:id, 'CHANGE', :subscription, :recipient, :channel, :event, :type, :alert, :unit, :rule,
                                :severity, :urgent, :payload, :state, :due, 0, :now, :now)
                            on conflict (id) do nothing""")
                    .setParameter("id", Delivery.idOf(envelope.eventId(), subscription.id))
                    .setParameter("subscription", subscription.id)
                    .setParameter("recipient", subscription.recipient)
                    .setParameter("channel", subscription.channel.name())
                    .setParameter("event", envelope.eventId())
                    .setParameter("type", envelope.type())
                    .setParameter("alert", alert.id())
                    .setParameter("unit", alert.leadUnitId())
                    .setParameter("rule", alert.rule())
                    .setParameter("severity", alert.severity())
                    .setParameter("urgent", urgent)
                    .setParameter("payload", envelope.payload().toString())
                    .setParameter("state", due.state().name())
                    .setParameter("due", due.dueAt())
                    .setParameter("now", now)
                    .executeUpdate();
            if (due.state() == Delivery.State.PENDING && !due.dueAt().isAfter(now)) {
                sendOnceCommitted();
            }
        }
    }

    /**
     * A message due now is sent as soon as its row commits, not at the dispatcher's next scheduled pass: a RED alert
     * reaches its recipients within a second or two of being raised.
     */
    private void sendOnceCommitted() {
        if (transactions.getResource(WAKE_ON_COMMIT) != null) {
            return;
        }
        transactions.putResource(WAKE_ON_COMMIT, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    dispatcher.wake();
                }
            }
        });
    }

    private static Alert.Severity severityOf(String name) {
        for (Alert.Severity severity : Alert.Severity.values()) {
            if (severity.name().equals(name)) {
                return severity;
            }
        }
        return null;
    }

    /** RED and still open, or just escalated: the recipient should hear of it now, not in tomorrow's digest. */
    static boolean isUrgent(String type, AlertEvent alert) {
        return AlertEvent.Type.AlertEscalated.name().equals(type)
                || "RED".equals(alert.severity()) && "OPEN".equals(alert.state());
    }

    static boolean matches(Subscription subscription, AlertEvent alert, Alert.Severity severity) {
        if (subscription.leadUnitId != null && !subscription.leadUnitId.equals(alert.leadUnitId())) {
            return false;
        }
        List<String> rules = subscription.ruleList();
        if (!rules.isEmpty() && !rules.contains(alert.rule())) {
            return false;
        }
        // The alert's own order of severities (INFO < YELLOW < RED); a subscription always stores one of them.
        if (severity.compareTo(Alert.Severity.valueOf(subscription.minSeverity)) < 0) {
            return false;
        }
        List<Integer> programmes = subscription.programmeList();
        return programmes.isEmpty() || alert.programmeId() != null && programmes.contains(alert.programmeId());
    }
}
