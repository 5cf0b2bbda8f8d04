package cn.qinzhou.livelihood.notification.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The robots' own limit (WeCom: 20 messages a minute per robot; DingTalk the same): a sliding minute per robot URL,
 * so a message over the limit waits for its turn instead of being refused and retried. Kept per instance: with
 * several instances sending to one robot, the robot's 45009 answer (retried a minute later) is the backstop.
 */
@ApplicationScoped
public class RobotRateLimit {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int perMinute;
    private final Map<String, Deque<Instant>> sent = new HashMap<>();

    public RobotRateLimit(@ConfigProperty(name = "livelihood.delivery.robot-messages-per-minute", defaultValue = "20") int perMinute) {
        this.perMinute = perMinute;
    }

    /** Takes a slot for the robot at now, or answers when the next one frees. */
    synchronized Optional<Instant> acquire(String robotUrl, Instant now) {
        Deque<Instant> times = sent.computeIfAbsent(robotUrl, url -> new ArrayDeque<>());
        while (!times.isEmpty() && !times.peekFirst().plus(WINDOW).isAfter(now)) {
            times.pollFirst();
        }
        // A clock moved back (tests, a demo) must not lock a robot for the distance moved.
        times.removeIf(at -> at.isAfter(now));
        if (times.size() >= perMinute) {
            return Optional.of(times.peekFirst().plus(WINDOW));
        }
        times.addLast(now);
        return Optional.empty();
    }
}
