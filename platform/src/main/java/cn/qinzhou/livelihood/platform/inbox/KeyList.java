package cn.qinzhou.livelihood.platform.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Collection;

/**
 * The keys a consumer's run reads in one query, bound as one JSON array parameter: {@code where id in }
 * {@link #IN} (or {@link #in} for keys of another type than text) with {@code :keys} set to {@link #of}.
 * An {@code in ?1} list in HQL is translated again for every new length of the list, which made those reads
 * cost more than the events themselves; one text parameter keeps a single statement whatever the run's size.
 */
public final class KeyList {

    /** The set of the {@code :keys} parameter's elements, as text. */
    public static final String IN = in("text");

    /** The set of the {@code :keys} parameter's elements, cast to the SQL type (so the column's index serves). */
    public static String in(String sqlType) {
        return "(select cast(value as " + sqlType + ") from jsonb_array_elements_text(cast(:keys as jsonb)))";
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
