package io.dataproxy.config;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses sizes written as Kubernetes quantities: {@code 1048576}, {@code 100Mi}, {@code 1Gi},
 * {@code 500M}, {@code 1.5Gi}.
 *
 * <p>Written by hand: the only Java implementation of quantities ships inside the Kubernetes client,
 * far too much to carry for one parser.
 */
public final class ByteSize {

    public static final String ACCEPTED_FORMS =
            "a byte count or a Kubernetes quantity such as 100Mi, 1Gi, 500M, 1.5Gi (suffixes k M G T P E, Ki Mi Gi Ti Pi Ei)";

    private static final Pattern QUANTITY = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kMGTPE]i?|Ki)?");
    private static final Map<String, Long> MULTIPLIERS = Map.ofEntries(
            Map.entry("k", 1_000L), Map.entry("M", 1_000_000L), Map.entry("G", 1_000_000_000L),
            Map.entry("T", 1_000_000_000_000L), Map.entry("P", 1_000_000_000_000_000L),
            Map.entry("E", 1_000_000_000_000_000_000L),
            Map.entry("Ki", 1L << 10), Map.entry("Mi", 1L << 20), Map.entry("Gi", 1L << 30),
            Map.entry("Ti", 1L << 40), Map.entry("Pi", 1L << 50), Map.entry("Ei", 1L << 60));

    private ByteSize() {
    }

    /** The size in bytes; fractions of a byte are refused rather than rounded. */
    public static long parse(String key, String text) {
        Matcher m = QUANTITY.matcher(text == null ? "" : text.trim());
        if (!m.matches() || (m.group(2) != null && !MULTIPLIERS.containsKey(m.group(2)))) {
            throw new ConfigException(key, "'" + text + "' is not a size; use " + ACCEPTED_FORMS);
        }
        BigDecimal number = new BigDecimal(m.group(1));
        long multiplier = m.group(2) == null ? 1 : MULTIPLIERS.get(m.group(2));
        try {
            return number.multiply(BigDecimal.valueOf(multiplier)).longValueExact();
        } catch (ArithmeticException e) {
            throw new ConfigException(key, "'" + text + "' is not a whole number of bytes below 8Ei; use " + ACCEPTED_FORMS);
        }
    }
}
