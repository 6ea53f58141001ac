package io.dataproxy.signer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SignerMetricsTest {

    @Test
    void countsAndTimesEachKindAndOutcomeOnTheSameMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SignerMetrics metrics = new SignerMetrics(registry);

        metrics.requestHandled("upload", "ok", TimeUnit.MILLISECONDS.toNanos(2));
        metrics.requestHandled("upload", "ok", TimeUnit.MILLISECONDS.toNanos(4));
        metrics.requestHandled("download", "INVALID_ARGUMENT", TimeUnit.MILLISECONDS.toNanos(1));

        assertThat(registry.get(SignerMetrics.REQUESTS).tags("kind", "upload", "outcome", "ok").counter().count()).isEqualTo(2);
        assertThat(registry.get(SignerMetrics.REQUESTS).tags("kind", "download", "outcome", "INVALID_ARGUMENT").counter().count())
                .isEqualTo(1);
        assertThat(registry.get(SignerMetrics.REQUESTS).tags("kind", "download", "outcome", "ok").counter().count())
                .as("registered at 0 up front").isZero();
        Timer upload = registry.get(SignerMetrics.SIGNING).tags("kind", "upload").timer();
        assertThat(upload.count()).isEqualTo(2);
        assertThat(upload.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(6);
        assertThat(registry.get(SignerMetrics.SIGNING).tags("kind", "download").timer().count()).isEqualTo(1);
        assertThat(registry.find(SignerMetrics.SIGNING).timers()).hasSize(2);
    }
}
