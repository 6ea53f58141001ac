package io.dataproxy.cli;

/**
 * Caps the lengths Avro trusts when decoding. Avro allocates a string's or collection's declared length before
 * reading it, so one corrupt record on a topic could make {@code tail} allocate gigabytes. Kafka records are at most
 * a few MiB, so 16 MiB is generous. Avro reads these properties once, so this must run before any decoding.
 */
final class AvroLimits {

    private static final String LIMIT = String.valueOf(16 * 1024 * 1024);

    private AvroLimits() {
    }

    static void install() {
        for (String property : new String[] {
                "org.apache.avro.limits.string.maxLength",
                "org.apache.avro.limits.bytes.maxLength",
                "org.apache.avro.limits.collectionItems.maxLength"}) {
            if (System.getProperty(property) == null) {
                System.setProperty(property, LIMIT);
            }
        }
    }
}
