package cn.qinzhou.livelihood.contracts;

/**
 * Where the JSON Schema of each event type is: in this module's resources, {@code schemas/<topic>/<type>.schema.json},
 * beside the shared {@code schemas/envelope.schema.json}. The schemas name each other by {@code $id} under
 * {@link #BASE_URI}; a validator maps that prefix to {@link #CLASSPATH_FOLDER}, so nothing is fetched from the network.
 */
public final class EventSchemaFiles {

    public static final String BASE_URI = "https://livelihood.qinzhou.cn/schemas/";
    public static final String CLASSPATH_FOLDER = "schemas/";

    /** The {@code $id} of the schema of an envelope of the type on the topic. */
    public static String uriOf(String topic, String type) {
        return BASE_URI + topic + "/" + type + ".schema.json";
    }

    /** The classpath resource of the schema {@link #uriOf} names. */
    public static String resourceOf(String topic, String type) {
        return CLASSPATH_FOLDER + topic + "/" + type + ".schema.json";
    }

    private EventSchemaFiles() {
    }
}
