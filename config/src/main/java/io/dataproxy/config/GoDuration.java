package io.dataproxy.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations written as Go's {@code time.ParseDuration} accepts them ({@code 1h}, {@code 90s},
 * {@code 1h30m}, {@code 1.5h}, {@code 250ms}), since Flyte's configuration, which ours mirrors, uses them; and
 * {@code d} for days of 24 hours ({@code 7d}), which Go lacks but a TTL wants.
 *
 * <p>Written by hand: no maintained Java library parses Go durations, and the grammar is small.
 */
public final class GoDuration {

    public static final String ACCEPTED_FORMS =
            "a Go duration such as 7d, 1h, 90s, 1h30m, 1.5h or 250ms (units ns us ms s m h, and d for 24h)";

    private static final Pattern TERM = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h|d)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L, "d", 86_400_000_000_000L);

    private GoDuration() {
    }

    public static Duration parse(String key, String text) {
        String s = text == null ? "" : text.trim();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        Matcher m = TERM.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(m.group(2)))));
            end = m.end();
        }
        if (end == 0 || end != s.length()) {
            throw new ConfigException(key, "'" + text + "' is not a duration; use " + ACCEPTED_FORMS);
        }
        long total;
        try {
            total = nanos.setScale(0, RoundingMode.DOWN).longValueExact();
        } catch (ArithmeticException e) {
            throw new ConfigException(key, "'" + text + "' is too long a duration; at most about 106751d (292 years)");
        }
        Duration d = Duration.ofNanos(total);
        return negative ? d.negated() : d;
    }

    /** Formats a duration the way {@link #parse} reads it, for messages and logs. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder(d.isNegative() ? "-" : "");
        Duration rest = d.abs();
        if (rest.toHours() > 0) {
            sb.append(rest.toHours()).append('h');
            rest = rest.minusHours(rest.toHours());
        }
        if (rest.toMinutes() > 0) {
            sb.append(rest.toMinutes()).append('m');
            rest = rest.minusMinutes(rest.toMinutes());
        }
        if (rest.toMillis() % 1000 != 0) {
            sb.append(rest.toMillis()).append("ms");
        } else if (rest.getSeconds() > 0) {
            sb.append(rest.getSeconds()).append('s');
        }
        return sb.toString();
    }
}
