package cn.qinzhou.livelihood.spreadsheets;

/**
 * One column of an imported or exported table.
 *
 * @param key    the stable name: what error reports (rows[line].key) and JSON use, and what an older CSV may head
 *               the column with
 * @param header the heading a user sees in a template or an export (Chinese, as the office writes it)
 * @param kind   how an export writes the value: amounts and counts stay numbers in .xlsx, never text
 */
public record Column(String key, String header, Kind kind) {

    public enum Kind {
        TEXT,
        /** yuan, 2 decimals */
        AMOUNT,
        /** a plain number such as a count or a percentage point value */
        NUMBER,
        /** a share from 0 to 1, shown as a percentage in .xlsx */
        RATE
    }

    public static Column text(String key, String header) {
        return new Column(key, header, Kind.TEXT);
    }

    public static Column amount(String key, String header) {
        return new Column(key, header, Kind.AMOUNT);
    }

    public static Column number(String key, String header) {
        return new Column(key, header, Kind.NUMBER);
    }

    public static Column rate(String key, String header) {
        return new Column(key, header, Kind.RATE);
    }

    /** A file's heading names this column if it is the Chinese header or the key (trimmed, case of the key ignored). */
    boolean isNamedBy(String heading) {
        String h = heading == null ? "" : heading.strip();
        return h.equals(header) || h.equalsIgnoreCase(key);
    }
}
