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
    void pagesAreCutByBytesAndNeverLeftEmpty() {
        long oneDataset = EncodedSize.of(state.dataset(io.dataproxy.wire.DatasetKeys.of(Requests.dataset("a"))));
        SizeBound room = new SizeBound(2 * oneDataset + 80, "a test's reply room"); // two datasets and a token
        List<String> seen = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Outcome outcome = catalog.handle("", io.dataproxy.avro.catalog.CatalogRequest.newBuilder().setRequestId("r")
                    .setBody(listDatasets().setProject("flytesnacks").setLimit(50).setPageToken(token).build()).build(), now, now, room);
            DatasetPage page = (DatasetPage) outcome.replyBody();
            assertThat(page.getDatasets()).hasSizeBetween(1, 2);
            page.getDatasets().forEach(d -> seen.add(d.getId().getName()));
            token = page.getNextPageToken();
            pages++;
        } while (token != null);
        assertThat(seen).containsExactly("a", "b", "c", "d", "e");
        assertThat(pages).isEqualTo(3);

        Outcome tooSmall = catalog.handle("", io.dataproxy.avro.catalog.CatalogRequest.newBuilder().setRequestId("r")
                .setBody(listDatasets().build()).build(), now, now, new SizeBound(oneDataset / 2, "tiny"));
        assertThat(errorOf(tooSmall).getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(errorOf(tooSmall).getMessage()).contains("cannot be listed");
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
