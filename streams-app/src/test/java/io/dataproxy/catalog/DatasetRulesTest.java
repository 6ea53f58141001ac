package io.dataproxy.catalog;

import static io.dataproxy.catalog.Requests.DS;
import static io.dataproxy.catalog.Requests.createDataset;
import static io.dataproxy.catalog.Requests.getDataset;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.catalog.DatasetId;
import io.dataproxy.avro.catalog.DatasetResult;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.wire.DatasetKeys;
import org.junit.jupiter.api.Test;

class DatasetRulesTest extends RulesFixture {

    @Test
    void everyIdFieldButOrgIsRequired() {
        for (DatasetId incomplete : new DatasetId[] {
                DatasetId.newBuilder(DS).setProject("").build(), DatasetId.newBuilder(DS).setDomain("").build(),
                DatasetId.newBuilder(DS).setName("").build(), DatasetId.newBuilder(DS).setVersion("").build()}) {
            Outcome outcome = handleFor(DatasetKeys.of(incomplete), createDataset(incomplete));
            assertThat(codeOf(outcome)).as("%s", incomplete).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
        DatasetId withoutOrg = DatasetId.newBuilder(DS).setOrg("").build();
        assertThat(handle(createDataset(withoutOrg)).replyBody()).isInstanceOf(DatasetResult.class);
        assertThat(state.datasets()).hasSize(1);
    }

    @Test
    void duplicatePartitionKeysAreRefused() {
        assertThat(errorOf(handle(createDataset(DS, "region", "day", "region"))).getMessage()).contains("region");
        assertThat(state.datasets()).isEmpty();
    }

    @Test
    void anExistingDatasetIsAlreadyExistsAndIsNotOverwritten() {
        handle(createDataset(DS, "region"));
        Outcome again = handle(createDataset(DS, "day"));
        assertThat(codeOf(again)).isEqualTo(ErrorCode.ALREADY_EXISTS);
        assertThat(again.events()).isEmpty();
        assertThat(state.dataset(DatasetKeys.of(DS)).getPartitionKeys()).containsExactly("region");
    }

    @Test
    void getDatasetFindsItOrSaysNotFound() {
        assertThat(codeOf(handle(getDataset(DS)))).isEqualTo(ErrorCode.NOT_FOUND);
        handle(createDataset(DS));
        assertThat(((DatasetResult) handle(getDataset(DS)).replyBody()).getDataset().getId()).isEqualTo(DS);
    }

    @Test
    void keysWithEscapedCharactersStillMatchTheirDataset() {
        DatasetId slashy = DatasetId.newBuilder(DS).setName("a/b%c").build();
        assertThat(handle(createDataset(slashy)).replyBody()).isInstanceOf(DatasetResult.class);
        assertThat(codeOf(handleFor(DatasetKeys.of(DS), getDataset(slashy)))).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }
}
