package io.dataproxy.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataproxy.storage.ObjectLocation;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeletionScopeTest {

    private final DeletionScope scope = new DeletionScope(Set.of("flyte-data", "shared"), List.of("uploads/", "outputs/"));

    @Test
    void permitsAllowedBucketsUnderAllowedPrefixes() {
        assertThat(scope.permits(ObjectLocation.parse("s3://flyte-data/uploads/p/d/abc/file"))).isTrue();
        assertThat(scope.permits(ObjectLocation.parse("s3://shared/outputs/run-1/o0"))).isTrue();
    }

    @Test
    void refusesOtherBucketsAndPrefixes() {
        assertThat(scope.permits(ObjectLocation.parse("s3://elsewhere/uploads/p/file"))).isFalse();
        assertThat(scope.permits(ObjectLocation.parse("s3://flyte-data/metadata/p/file"))).isFalse();
        assertThat(scope.permits(ObjectLocation.parse("s3://flyte-data/uploadsX/file"))).isFalse();
        assertThat(scope.permits(ObjectLocation.parse("s3://flyte-data/Uploads/file"))).isFalse();
    }

    @Test
    void refusesKeysThatClimbOutOfTheirPrefix() {
        // parsing refuses such keys already (the one key rule); the scope refuses them too, whoever builds a location
        assertThat(scope.permits(new ObjectLocation("flyte-data", "uploads/../metadata/file"))).isFalse();
        assertThat(scope.permits(new ObjectLocation("flyte-data", "uploads/./file"))).isFalse();
        assertThat(scope.permits(ObjectLocation.parse("s3://flyte-data/uploads/..file"))).isTrue();
        assertThatThrownBy(() -> ObjectLocation.parse("s3://flyte-data/uploads/../metadata/file"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'.' or '..'");
    }
}
