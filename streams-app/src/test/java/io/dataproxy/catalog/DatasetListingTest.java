package io.dataproxy.catalog;

import static io.dataproxy.catalog.Requests.createDataset;
import static io.dataproxy.catalog.Requests.listDatasets;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.DatasetPage;
import io.dataproxy.avro.common.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatasetListingTest extends RulesFixture {

    @BeforeEach
    void datasets() {
        for (String name : List.of("d", "a", "c", "b", "e")) {
            handle(createDataset(Requests.dataset(name)));
        }
        handle(createDataset(DatasetId.newBuilder(Requests.dataset("x")).setProject("other").build()));
    }

    @Test
    void pagesCoverEveryMatchingDatasetOnceInKeyOrder() {
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            DatasetPage page = (DatasetPage) handle(listDatasets().setProject("flytesnacks").setLimit(2).setPageToken(token).build()).replyBody();
            page.getDatasets().forEach(d -> seen.add(d.getId().getName()));
            token = page.getNextPageToken();
        } while (token != null);
        assertThat(seen).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void filtersByIdFields() {
        DatasetPage other = (DatasetPage) handle(listDatasets().setProject("other").build()).replyBody();
        assertThat(other.getDatasets()).extracting(d -> d.getId().getName()).containsExactly("x");
        DatasetPage byName = (DatasetPage) handle(listDatasets().setName("c").setVersion("1.0-abc-def").build()).replyBody();
        assertThat(byName.getDatasets()).hasSize(1);
        assertThat(byName.getNextPageToken()).isNull();
        assertThat(((DatasetPage) handle(listDatasets().setDomain("prod").build()).replyBody()).getDatasets()).isEmpty();
    }

    @Test
    void arguments() {
        assertThat(codeOf(handle(listDatasets().setLimit(0).build()))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(handle(listDatasets().setLimit(1001).build()))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(codeOf(handle(listDatasets().setPageToken(PageToken.ofArtifact(1, "a")).build()))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }
}
