package cn.qinzhou.livelihood.platform.ids;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeOrderedIdsTest {

    @Test
    void anIdIsAVersion7UuidOfTheRfcVariantCarryingTheMillisecondItWasMadeAt() {
        Instant at = Instant.parse("2024-09-05T16:00:00.123456Z");
        UUID id = TimeOrderedIds.next(at);
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        assertEquals(Instant.parse("2024-09-05T16:00:00.123Z"), Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16));
        assertEquals(id, UUID.fromString(id.toString()));
    }

    @Test
    void idsMadeLaterSortAfterEarlierOnesAsTextAndAsPostgresCompares() {
        Instant start = Instant.parse("2024-09-02T02:00:00Z");
        List<UUID> ids = new ArrayList<>();
        for (int ms = 0; ms < 1000; ms += 7) {
            ids.add(TimeOrderedIds.next(start.plusMillis(ms)));
        }
        for (int i = 1; i < ids.size(); i++) {
            // PostgreSQL orders uuid values byte by byte, as their text sorts.
            assertTrue(ids.get(i - 1).toString().compareTo(ids.get(i).toString()) < 0, ids.get(i - 1) + " before " + ids.get(i));
        }
    }

    @Test
    void idsMadeInTheSameMillisecondAreStillUnique() {
        Instant at = Instant.parse("2024-09-05T16:00:00Z");
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(TimeOrderedIds.next(at));
        }
        assertEquals(100_000, ids.size());
    }
}
