package cn.qinzhou.livelihood.progress;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * The one profile besides the default, for the classes that need the service configured otherwise: the relay's own
 * thread off, so a test decides when a relay pass runs (with a transactional id of its own), and a small write
 * limit per lead unit (1 write a second, bursts of 3). One profile for both, because each profile is a restart of
 * the application: neither setting disturbs the other class (the relay-recovery test writes twice, within the burst;
 * the write-limit test counts outbox rows, which stay whether or not a relay sends them).
 */
public class RelayDrivenAndSmallWriteLimit implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("livelihood.outbox.relay.enabled", "false",
                "livelihood.outbox.relay.transactional-id", "progress-service-relay-recovery-test",
                "livelihood.rate-limit.writes-per-second", "1",
                "livelihood.rate-limit.burst", "3");
    }
}
