package io.dataproxy.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactPage;
import io.dataproxy.avro.catalog.ArtifactResult;
import io.dataproxy.avro.catalog.CatalogEvent;
import io.dataproxy.avro.catalog.CatalogRequest;
import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.Done;
import io.dataproxy.avro.catalog.ReservationResult;
import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.wire.DatasetKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The catalog rules over an in-memory state, with a clock the test moves; no Kafka. */
class RulesFixture {

    static final long T0 = 1_900_000_000_000L;
    static final CatalogSettings SETTINGS = new CatalogSettings("c", "r", "e", "ds", Duration.ofSeconds(1), 3,
            Duration.ofSeconds(10), 3, 100, Map.of(), Duration.ofSeconds(30), 2_000, Set.of(), List.of(),
            CatalogSettings.DEFAULT_MAX_REQUEST_SIZE, CatalogSettings.DEFAULT_LIST_SCAN_BUDGET);

    final StoreBackedState state = new StoreBackedState();
    final Catalog catalog = new Catalog(state, state, SETTINGS);
    long now = T0;

    /** Handles a request for {@link Requests#DS} (or the dataset in its body) with event time = now. */
    Outcome handle(Object body) {
        return handleFor(DatasetKeys.of(datasetOf(body)), body);
    }

    Outcome handleFor(String key, Object body) {
        return catalog.handle(key, CatalogRequest.newBuilder().setRequestId("r").setBody(body).build(), now, now);
    }

    /** A command at event time {@code at} while reads see {@code now}. */
    Outcome handleAt(long at, Object body) {
        return catalog.handle(DatasetKeys.of(datasetOf(body)), CatalogRequest.newBuilder().setRequestId("r").setBody(body).build(), at, now);
    }

    void advance(Duration duration) {
        now += duration.toMillis();
    }

    private static DatasetId datasetOf(Object body) {
        try {
            Object dataset = body.getClass().getMethod("getDataset").invoke(body);
            return dataset instanceof DatasetId id ? id
                    : dataset instanceof io.dataproxy.avro.catalog.Dataset d ? d.getId() : Requests.DS;
        } catch (ReflectiveOperationException e) {
            return Requests.DS; // ListDatasets has no dataset
        }
    }

    static Artifact artifactOf(Outcome outcome) {
        assertThat(outcome.replyBody()).as("reply body").isInstanceOf(ArtifactResult.class);
        return ((ArtifactResult) outcome.replyBody()).getArtifact();
    }

    static ArtifactPage pageOf(Outcome outcome) {
        assertThat(outcome.replyBody()).as("reply body").isInstanceOf(ArtifactPage.class);
        return (ArtifactPage) outcome.replyBody();
    }

    static ReservationResult reservationOf(Outcome outcome) {
        assertThat(outcome.replyBody()).as("reply body").isInstanceOf(ReservationResult.class);
        return (ReservationResult) outcome.replyBody();
    }

    static boolean changed(Outcome outcome) {
        assertThat(outcome.replyBody()).as("reply body").isInstanceOf(Done.class);
        return ((Done) outcome.replyBody()).getChanged();
    }

    static Error errorOf(Outcome outcome) {
        assertThat(outcome.replyBody()).as("reply body").isInstanceOf(Error.class);
        return (Error) outcome.replyBody();
    }

    static ErrorCode codeOf(Outcome outcome) {
        return outcome.replyBody() instanceof Error e ? e.getCode() : null;
    }

    static List<String> eventKinds(Outcome outcome) {
        return outcome.events().stream().map(CatalogEvent::getBody).map(b -> b.getClass().getSimpleName()).toList();
    }
}
