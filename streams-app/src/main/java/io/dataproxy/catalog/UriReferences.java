package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.DataValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * References to data uris. An artifact holds one reference per distinct uri among its data values, whatever
 * the number of values naming it; the counts across all datasets decide when {@code DataReleased} is due.
 */
public final class UriReferences {

    private UriReferences() {
    }

    /** The distinct uris an artifact references, sorted; empty for {@code null}. */
    public static Set<String> of(Artifact artifact) {
        Set<String> uris = new TreeSet<>();
        if (artifact != null) {
            for (DataValue value : artifact.getData()) {
                if (value.getUri() != null) {
                    uris.add(value.getUri());
                }
            }
        }
        return uris;
    }

    public static List<String> list(Artifact artifact) {
        return new ArrayList<>(of(artifact));
    }

    /**
     * The reference changes when {@code before} becomes {@code after} (either may be {@code null}). A uri
     * both hold is not touched: releasing then re-taking it could let its count reach 0 in between.
     */
    public static Map<String, Integer> change(Artifact before, Artifact after) {
        Set<String> old = of(before);
        Set<String> now = of(after);
        Map<String, Integer> deltas = new TreeMap<>();
        for (String uri : old) {
            if (!now.contains(uri)) {
                deltas.put(uri, -1);
            }
        }
        for (String uri : now) {
            if (!old.contains(uri)) {
                deltas.put(uri, +1);
            }
        }
        return deltas;
    }

    /**
     * The count after a delta, and whether the uri was just released. A count that would go below zero
     * (a release without a matching reference, which exactly-once rules out) is treated as released already.
     */
    public record Count(long value, boolean released) {

        public static Count apply(long current, int delta) {
            long next = current + delta;
            if (next > 0) {
                return new Count(next, false);
            }
            return new Count(0, next == 0 && current > 0);
        }
    }
}
