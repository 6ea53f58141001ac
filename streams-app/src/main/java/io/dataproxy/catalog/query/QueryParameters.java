package io.dataproxy.catalog.query;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A URL's query string as names and values (percent-decoded, {@code +} as a space), held to limits that keep a
 * hostile request cheap: its length, the number of parameters, and one value per name except where a name repeats
 * by design. The JDK has no parser of its own for this; {@link URLDecoder} does the decoding.
 */
final class QueryParameters {

    /** Longer query strings are refused before parsing. */
    static final int MAX_QUERY_CHARS = 16 * 1024;
    static final int MAX_PARAMETERS = 64;
    private static final Set<String> REPEATABLE = Set.of("partition");

    private final Map<String, List<String>> values;

    private QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /** @param rawQuery the query string as sent (still percent-encoded), or {@code null} */
    static QueryParameters parse(String rawQuery) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return new QueryParameters(values);
        }
        if (rawQuery.length() > MAX_QUERY_CHARS) {
            throw new BadRead("the query string is " + rawQuery.length() + " characters; at most " + MAX_QUERY_CHARS + " are read");
        }
        String[] pairs = rawQuery.split("&", -1);
        if (pairs.length > MAX_PARAMETERS) {
            throw new BadRead("the query has " + pairs.length + " parameters; at most " + MAX_PARAMETERS + " are read");
        }
        for (String pair : pairs) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            List<String> list = values.computeIfAbsent(name, n -> new ArrayList<>());
            if (!list.isEmpty() && !REPEATABLE.contains(name)) {
                throw new BadRead("parameter '" + name + "' is given more than once");
            }
            list.add(value);
        }
        return new QueryParameters(values);
    }

    Set<String> names() {
        return values.keySet();
    }

    /** The value, if the parameter is given (an empty value counts as given). */
    Optional<String> single(String name) {
        List<String> list = values.get(name);
        return list == null ? Optional.empty() : Optional.of(list.get(0));
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadRead("the query string is not percent-encoded correctly");
        }
    }
}
