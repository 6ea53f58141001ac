package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.CatalogEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What handling one request (or one expiry tick) decided: the reply body (one of {@code CatalogReply}'s
 * union branches, or {@code null} for a tick), the events to publish and the data-uri reference changes,
 * each in the order they happened.
 */
public final class Outcome {

    private final Object replyBody;
    private final List<CatalogEvent> events = new ArrayList<>();
    private final List<UriRefDelta> uriRefDeltas = new ArrayList<>();

    private Outcome(Object replyBody) {
        this.replyBody = replyBody;
    }

    public static Outcome reply(Object body) {
        return new Outcome(body);
    }

    /** An outcome with no reply: what an expiry tick produces. */
    public static Outcome silent() {
        return new Outcome(null);
    }

    Outcome publish(CatalogEvent event) {
        events.add(event);
        return this;
    }

    /** Records the reference changes of one artifact write in dataset {@code datasetKey}. */
    Outcome references(String datasetKey, Map<String, Integer> deltas, long at) {
        deltas.forEach((uri, delta) -> uriRefDeltas.add(new UriRefDelta(uri, datasetKey, delta, at)));
        return this;
    }

    public Object replyBody() {
        return replyBody;
    }

    public List<CatalogEvent> events() {
        return Collections.unmodifiableList(events);
    }

    public List<UriRefDelta> uriRefDeltas() {
        return Collections.unmodifiableList(uriRefDeltas);
    }
}
