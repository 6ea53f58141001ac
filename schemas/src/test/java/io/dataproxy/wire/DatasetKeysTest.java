package io.dataproxy.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataproxy.avro.catalog.DatasetId;
import org.junit.jupiter.api.Test;

class DatasetKeysTest {

    private static DatasetId id(String org, String project, String domain, String name, String version) {
        return DatasetId.newBuilder().setOrg(org).setProject(project).setDomain(domain).setName(name).setVersion(version).build();
    }

    @Test
    void readableForPlainIds() {
        assertThat(DatasetKeys.of(id("", "flytesnacks", "development", "flyte_task-wf.t1", "1.0-abc-def")))
                .isEqualTo("/flytesnacks/development/flyte_task-wf.t1/1.0-abc-def");
    }

    @Test
    void slashesPercentsAndControlCharactersRoundTrip() {
        DatasetId tricky = id("o/rg", "100%", "a\u0000b", "n/a/m/e", "v%2F");
        String key = DatasetKeys.of(tricky);
        assertThat(key).isEqualTo("o%2Frg/100%25/a%00b/n%2Fa%2Fm%2Fe/v%252F");
        assertThat(DatasetKeys.parse(key)).isEqualTo(tricky);
    }

    @Test
    void aKeyWithoutFiveFieldsIsRefused() {
        assertThatThrownBy(() -> DatasetKeys.parse("a/b/c")).isInstanceOf(IllegalArgumentException.class);
    }
}
