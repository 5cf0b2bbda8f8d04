package cn.qinzhou.livelihood.platform.inbox;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * The keys a consumer's run reads in one query, bound as one array parameter: {@code where id } +
 * {@link #anyOf anyOf("text")}, with {@code :keys} set to {@link #of}. An {@code in ?1} list in HQL is translated
 * again for every new length of the list, which made those reads cost more than the events themselves; one
 * parameter keeps a single statement whatever the run's size, and {@code = any(array)} is answered from the
 * column's index.
 */
public final class KeyList {

    /** The condition "is one of the {@code :keys}", the keys cast to the SQL type of the column. */
    public static String anyOf(String sqlType) {
        return "= any(cast(:keys as " + sqlType + "[]))";
    }

    /** The keys as a PostgreSQL array literal, each element quoted. */
    public static String of(Collection<?> keys) {
        return keys.stream()
                .map(key -> '"' + String.valueOf(key).replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                .collect(Collectors.joining(",", "{", "}"));
    }

    private KeyList() {
    }
}
