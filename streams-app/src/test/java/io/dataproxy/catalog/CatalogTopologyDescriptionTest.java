package io.dataproxy.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.registry.MockSchemaRegistry;
import io.dataproxy.serde.AvroWireSerdeConfig;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

class CatalogTopologyDescriptionTest {

    @Test
    void theIndexesAreTheOnlyUnloggedStores() {
        CatalogSerdes serdes = new CatalogSerdes(Map.of(AvroWireSerdeConfig.SCHEMA_REGISTRY_URL, "mock://unused"));
        assertThat(CatalogStores.tags().loggingEnabled()).isFalse();
        assertThat(CatalogStores.expiryIndex().loggingEnabled()).isFalse();
        assertThat(CatalogStores.listingIndex().loggingEnabled()).isFalse();
        assertThat(java.util.List.of(CatalogStores.datasets(serdes), CatalogStores.artifacts(serdes),
                CatalogStores.reservations(serdes), CatalogStores.uriRefs(), CatalogStores.uriReleases()))
                .allSatisfy(store -> assertThat(store.loggingEnabled()).as(store.name()).isTrue());
    }

    @Test
    void buildsTheDocumentedStoresAndTopicsWithoutTouchingTheRegistry() {
        String scope = "describe-" + UUID.randomUUID();
        CatalogSettings settings = CatalogSettings.defaults(Map.of(AvroWireSerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope));
        try {
            TopologyDescription description = CatalogTopology.topology(settings).describe();
            String text = description.toString();
            assertThat(text).contains(CatalogTopology.DATASETS_STORE, CatalogTopology.ARTIFACTS_STORE, CatalogTopology.TAGS_STORE,
                    CatalogTopology.RESERVATIONS_STORE, CatalogTopology.EXPIRY_INDEX_STORE, CatalogTopology.URI_REFS_STORE,
                    CatalogTopology.URI_REF_DELTAS_REPARTITION + "-repartition", "catalog.commands", "catalog.events");
            assertThat(description.globalStores()).hasSize(1);
            assertThat(description.globalStores().iterator().next().processor().stores())
                    .containsExactly(CatalogTopology.DATASET_DIRECTORY_STORE);
            assertThat(description.subtopologies()).as("commands, and the uri counter behind its repartition").hasSize(2);
            assertThat(MockSchemaRegistry.forScope(scope).subjects()).as("building is pure").isEmpty();
            assertThat(description.subtopologies().iterator().next().nodes()).filteredOn(node -> node.name().equals(CatalogTopology.COMMAND_PROCESSOR))
                    .singleElement().extracting(node -> ((TopologyDescription.Processor) node).stores())
                    .isEqualTo(Set.of(CatalogTopology.DATASETS_STORE, CatalogTopology.ARTIFACTS_STORE, CatalogTopology.TAGS_STORE,
                            CatalogTopology.RESERVATIONS_STORE, CatalogTopology.EXPIRY_INDEX_STORE, CatalogTopology.LISTING_INDEX_STORE));
        } finally {
            MockSchemaRegistry.dropScope(scope);
        }
    }
}
