package cn.qinzhou.livelihood.platform.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Collection;

/**
 * The keys a consumer's run reads in one query, bound as one JSON array parameter: {@code where id = }
 * {@link #ANY} (or {@link #any} for keys of another type than text) with {@code :keys} set to {@link #of}.
 * An {@code in ?1} list in HQL is translated again for every new length of the list, which made those reads
 * cost more than the events themselves; one text parameter keeps a single statement whatever the run's size.
 * <p>
 * The keys are compared as an array ({@code = any(array(...))}), not joined as a set ({@code in (select ...)}): the
 * planner takes a set-returning function for 100 rows and, on a table of some thousand rows, hash-joins it with a
 * sequential scan, a plan a prepared statement then keeps while the table grows (4.8 ms a read of
 * {@code processed_event}, 7.4 ms of {@code alert}, against 0.1-0.2 ms by their indexes). An array it probes the index
 * with.
 */
public final class KeyList {

    /** The {@code :keys} parameter's elements as a text array, for {@code column = }{@code ANY}. */
    public static final String ANY = any("text");

    /** The {@code :keys} parameter's elements cast to the SQL type (so the column's index serves), for {@code column = }. */
    public static String any(String sqlType) {
        return "any(array(select cast(value as " + sqlType + ") from jsonb_array_elements_text(cast(:keys as jsonb))))";
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static String of(Collection<?> keys) {
        try {
            return JSON.writeValueAsString(keys.stream().map(String::valueOf).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private KeyList() {
    }
}
