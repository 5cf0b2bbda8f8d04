package cn.qinzhou.livelihood.platform.topics;

import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.platform.kafka.KafkaClientSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Gives the event topics the retention their contract sets ({@link Topics#configOf}): creates a missing one with
 * it, and sets it on one that exists with other values. The local broker auto-creates a topic on first use with
 * plain time retention (a consumer subscribing before the producer started is enough), so creating alone would
 * not do; a topic made by an older version of the stack is corrected the same way. Runs before the consumers and
 * the relay start. Where an operator owns the topics (Strimzi's KafkaTopic resources) it is switched off with
 * {@code livelihood.kafka.topics.manage=false}; partitions and replication are always the broker's or the
 * operator's, never changed here.
 */
@ApplicationScoped
public class EventTopics {

    private static final Logger LOG = Logger.getLogger(EventTopics.class);

    private final KafkaClientSettings kafka;
    private final boolean manage;
    private final Duration timeout;
    private static final Duration RETRY_EVERY = Duration.ofSeconds(10);
    private Thread retry;

    public EventTopics(KafkaClientSettings kafka,
                       @ConfigProperty(name = "livelihood.kafka.topics.manage", defaultValue = "true") boolean manage,
                       @ConfigProperty(name = "livelihood.kafka.topics.timeout", defaultValue = "PT30S") Duration timeout) {
        this.kafka = kafka;
        this.manage = manage;
        this.timeout = timeout;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent startup) {
        if (!manage) {
            return;
        }
        if (!tryEnsure()) {
            // The broker may be away or slow at start; the outbox and the consumers wait for it anyway, so the
            // start goes on and the topics are set in the background as soon as the broker answers.
            retry = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Thread.sleep(RETRY_EVERY.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (tryEnsure()) {
                        return;
                    }
                }
            }, "event-topics");
            retry.setDaemon(true);
            retry.start();
        }
    }

    void onStop(@Observes ShutdownEvent shutdown) {
        if (retry != null) {
            retry.interrupt();
        }
    }

    private boolean tryEnsure() {
        try {
            long began = System.nanoTime();
            List<String> changed = ensure(Topics.EVENT_TOPICS);
            // The start waits for the check: its time is part of every start (about 120-660 ms measured on 2 cores).
            LOG.infof("event topics checked in %d ms (%d changed)", (System.nanoTime() - began) / 1_000_000, changed.size());
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("event topics not checked yet, retrying in %s: %s", RETRY_EVERY, e.getMessage());
            return false;
        }
    }

    /** Creates each topic that is missing and sets the contract's settings on each that differs; returns what it changed. */
    public List<String> ensure(Collection<String> topics) {
        List<String> changed = new ArrayList<>();
        Map<String, Object> config = kafka.map();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Set<String> made = create(admin, topics.stream().filter(topic -> !existing.contains(topic)).toList());
            made.forEach(topic -> changed.add(topic + " created"));
            // A topic created here just now has the settings already, and the broker may not describe it yet; one
            // made meanwhile by someone else (a consumer's auto-creation) is checked like any other.
            List<ConfigResource> resources = topics.stream().filter(t -> !made.contains(t))
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            if (resources.isEmpty()) {
                changed.forEach(change -> LOG.infof("event topic %s", change));
                return changed;
            }
            Map<ConfigResource, Config> current = admin.describeConfigs(resources).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<ConfigResource, Collection<AlterConfigOp>> alterations = new HashMap<>();
            for (ConfigResource resource : resources) {
                List<AlterConfigOp> ops = new ArrayList<>();
                Topics.configOf(resource.name()).forEach((name, wanted) -> {
                    ConfigEntry entry = current.get(resource).get(name);
                    if (entry == null || !wanted.equals(entry.value())) {
                        ops.add(new AlterConfigOp(new ConfigEntry(name, wanted), AlterConfigOp.OpType.SET));
                    }
                });
                if (!ops.isEmpty()) {
                    alterations.put(resource, ops);
                    changed.add(resource.name() + " set " + ops.stream().map(op -> op.configEntry().name() + "="
                            + op.configEntry().value()).toList());
                }
            }
            if (!alterations.isEmpty()) {
                admin.incrementalAlterConfigs(alterations).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the event topics", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException(cause.getClass().getSimpleName() + ": " + cause.getMessage(), e);
        }
        changed.forEach(change -> LOG.infof("event topic %s", change));
        return changed;
    }

    /**
     * Creates the missing topics in one request (the broker answers when all are made: one wait, not one per
     * topic); returns those made here. One made meanwhile by another service or replica is left out.
     */
    private Set<String> create(Admin admin, List<String> missing) throws InterruptedException, ExecutionException,
            java.util.concurrent.TimeoutException {
        Set<String> made = new HashSet<>();
        if (missing.isEmpty()) {
            return made;
        }
        List<NewTopic> newTopics = missing.stream()
                .map(topic -> new NewTopic(topic, Optional.empty(), Optional.empty()).configs(Topics.configOf(topic)))
                .toList();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Map.Entry<String, KafkaFuture<Void>> creation : admin.createTopics(newTopics).values().entrySet()) {
            try {
                creation.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                made.add(creation.getKey());
            } catch (ExecutionException e) {
                // TopicExistsException: another service or replica created it just now; the caller checks its settings.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
        return made;
    }
}
