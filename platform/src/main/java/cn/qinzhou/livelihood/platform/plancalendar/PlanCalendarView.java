package cn.qinzhou.livelihood.platform.plancalendar;

import cn.qinzhou.livelihood.contracts.EventEnvelope;
import cn.qinzhou.livelihood.contracts.MalformedEventException;
import cn.qinzhou.livelihood.contracts.Topics;
import cn.qinzhou.livelihood.contracts.calendar.SpecialDay;
import cn.qinzhou.livelihood.contracts.calendar.WorkingCalendarEvent;
import cn.qinzhou.livelihood.contracts.planyear.PlanYearSnapshot;
import cn.qinzhou.livelihood.platform.kafka.KafkaClientSettings;
import cn.qinzhou.livelihood.rules.calendar.DueRule;
import cn.qinzhou.livelihood.rules.calendar.PlanCalendars;
import cn.qinzhou.livelihood.rules.calendar.ReportingCalendar;
import cn.qinzhou.livelihood.rules.calendar.WorkingDays;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The plan years and working-day calendars as project-service publishes them, kept in memory by every instance.
 * Both topics are compacted by year, so reading them from the start gives every plan year's newest state; every
 * instance reads them whole (no consumer group), so a change reaches all of them at once, with no table to keep
 * in step. Until the topics have been read to their end once, {@link #current()} waits a little rather than
 * refuse a period whose plan year is merely not read yet.
 */
@ApplicationScoped
public class PlanCalendarView {

    private static final Logger LOG = Logger.getLogger(PlanCalendarView.class);
    private static final List<String> TOPICS = List.of(Topics.PLAN_YEAR_EVENTS, Topics.WORKING_CALENDAR_EVENTS);

    private final ObjectMapper mapper;
    private final KafkaClientSettings kafka;
    private final boolean enabled;
    private final Duration startWait;
    private final CountDownLatch readToEnd = new CountDownLatch(1);

    /** Only the follower thread touches these two. */
    private final Map<Integer, PlanYearSnapshot> planYears = new HashMap<>();
    private final Map<Integer, List<SpecialDay>> specialDaysByYear = new HashMap<>();

    private volatile PlanCalendars current = PlanCalendars.none();
    private volatile boolean running;
    private volatile String failure;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread follower;

    public PlanCalendarView(ObjectMapper mapper,
                            KafkaClientSettings kafka,
                            @ConfigProperty(name = "livelihood.plan-calendars.follow", defaultValue = "true") boolean enabled,
                            @ConfigProperty(name = "livelihood.plan-calendars.start-wait", defaultValue = "PT15S") Duration startWait) {
        this.mapper = mapper;
        this.kafka = kafka;
        this.enabled = enabled;
        this.startWait = startWait;
    }

    /**
     * Before the observers that start the consumers and the deadline catch-up (which may ask for {@link #current()} at
     * once), after the topics are checked ({@code EventTopics}). Quarkus's scheduler starts before both: a scheduled
     * sweep that fires first finds no calendar and changes nothing until its next run.
     */
    void start(@Observes @Priority(5) StartupEvent startup) {
        if (!enabled) {
            return;
        }
        running = true;
        follower = new Thread(this::follow, "plan-calendar-follower");
        follower.setDaemon(true);
        follower.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        KafkaConsumer<String, String> open = consumer;
        if (open != null) {
            open.wakeup();
        }
        if (follower != null) {
            follower.join(5_000);
        }
    }

    /**
     * The calendars of every plan year known now. While this instance's follower runs and has not yet read the topics to
     * their end once, waits for that (up to {@code livelihood.plan-calendars.start-wait}). A stopped view answers at
     * once with what it has, and so does one that never started: a scheduled job still at work while the application
     * stops can be handed a new instance once the application's beans are destroyed, and its wait for a read that never
     * comes held a stop for 10 s, until Quarkus interrupted the job.
     */
    public PlanCalendars current() {
        if (readToEnd.getCount() > 0 && running) {
            try {
                readToEnd.await(startWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return current;
    }

    /** Whether the topics have been read to their end once; for readiness. */
    public boolean readToEnd() {
        return readToEnd.getCount() == 0;
    }

    public boolean enabled() {
        return enabled;
    }

    /** The last failure while it lasts; for readiness. */
    public String failure() {
        return failure;
    }

    private void follow() {
        int failures = 0;
        while (running) {
            KafkaConsumer<String, String> reader = null;
            long backOff = 0;
            try {
                reader = new KafkaConsumer<>(followerSettings());
                consumer = reader;
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : TOPICS) {
                    List<PartitionInfo> ofTopic = reader.partitionsFor(topic);
                    if (ofTopic == null || ofTopic.isEmpty()) {
                        // Not created yet (EventTopics creates it at start): an empty read would never see it.
                        throw new IllegalStateException("topic " + topic + " does not exist yet");
                    }
                    for (PartitionInfo partition : ofTopic) {
                        partitions.add(new TopicPartition(topic, partition.partition()));
                    }
                }
                reader.assign(partitions);
                reader.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = reader.endOffsets(partitions);
                planYears.clear();
                specialDaysByYear.clear();
                boolean caughtUp = false;
                while (running) {
                    ConsumerRecords<String, String> records = reader.poll(Duration.ofMillis(500));
                    for (ConsumerRecord<String, String> record : records) {
                        apply(record);
                    }
                    if (!caughtUp) {
                        caughtUp = atEnd(reader, end);
                    }
                    if (!records.isEmpty() || (caughtUp && readToEnd.getCount() > 0)) {
                        current = build();
                    }
                    if (caughtUp && readToEnd.getCount() > 0) {
                        readToEnd.countDown();
                        LOG.infof("plan calendars read: %s", current.describe());
                    }
                    failure = null;
                    failures = 0;
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                failures++;
                failure = String.valueOf(e.getMessage());
                LOG.warnf("following the plan-year topics failed, starting again: %s", e.getMessage());
                backOff = Math.min(10_000L, 500L << Math.min(failures, 5));
            } finally {
                consumer = null;
                if (reader != null) {
                    // A plain close would first wait for the answer to the fetch the broker holds (up to 5 s) to end
                    // the fetch session, delaying every graceful stop by it; the broker drops that session by itself.
                    reader.close(CloseOptions.timeout(Duration.ZERO));
                }
            }
            if (backOff > 0) {
                sleep(backOff);
            }
        }
    }

    /** Whether the reader has reached, on each partition, the end it had when the reading began. */
    private static boolean atEnd(KafkaConsumer<String, String> reader, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (reader.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * A new plan year comes a few times a year. The broker answers a fetch as soon as a record is there; with nothing
     * there it holds the fetch this long before answering empty, and the follower asks again. Kafka's 500 ms made two
     * empty round trips a second, for ever, in every instance; the partitions are assigned once, so no new one waits
     * behind a fetch held.
     */
    private Properties followerSettings() {
        Properties props = kafka.readerOutsideAGroup();
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5_000);
        return props;
    }

    /** A record that cannot be read changes nothing: the producer validates, and the next record of its year replaces it. */
    private void apply(ConsumerRecord<String, String> record) {
        try {
            EventEnvelope envelope = mapper.readValue(record.value(), EventEnvelope.class);
            if (Topics.PLAN_YEAR_EVENTS.equals(record.topic())) {
                PlanYearSnapshot planYear = PlanYearSnapshot.of(envelope, mapper);
                planYears.put(planYear.year(), planYear);
            } else if (WorkingCalendarEvent.WorkingDaysChanged.class.getSimpleName().equals(envelope.type())) {
                WorkingCalendarEvent.WorkingDaysChanged changed =
                        envelope.payloadAs(mapper, WorkingCalendarEvent.WorkingDaysChanged.class);
                specialDaysByYear.put(changed.year(), changed.days());
            }
        } catch (Exception e) {
            LOG.warnf("ignoring an unreadable record on %s at offset %d: %s", record.topic(), record.offset(), e.getMessage());
        }
    }

    private PlanCalendars build() {
        Map<LocalDate, WorkingDays.Kind> special = new HashMap<>();
        specialDaysByYear.values().forEach(days -> days.forEach(day ->
                special.put(day.date(), WorkingDays.Kind.valueOf(day.kind()))));
        WorkingDays workingDays = WorkingDays.of(special);
        List<ReportingCalendar> calendars = new ArrayList<>();
        for (PlanYearSnapshot planYear : planYears.values()) {
            try {
                calendars.add(new ReportingCalendar(planYear.year(), YearMonth.parse(planYear.firstPeriod()),
                        YearMonth.parse(planYear.lastPeriod()), planYear.dueDayOfMonth(),
                        DueRule.valueOf(planYear.dueRule()), workingDays));
            } catch (RuntimeException e) {
                LOG.warnf("ignoring plan year %d: %s", planYear.year(), e.getMessage());
            }
        }
        return new PlanCalendars(calendars);
    }

    private void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
