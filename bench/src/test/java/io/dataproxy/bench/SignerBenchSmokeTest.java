package io.dataproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.url.UploadLocation;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.storage.PresignedUpload;
import org.junit.jupiter.api.Test;

/** Each signer benchmark's setup and one invocation: they must sign (not fail fast into an error reply). */
class SignerBenchSmokeTest {

    @Test
    void presignBenchmarkSignsWhatItClaims() {
        PresignBenchmark bench = new PresignBenchmark();
        bench.open();
        try {
            PresignedUpload put = bench.awsPutMd5Length();
            assertThat(put.url().getQuery()).contains("X-Amz-Signature=");
            assertThat(put.signedHeaders()).contains("content-md5", "content-length");
            assertThat(bench.awsGet().getQuery()).contains("X-Amz-Signature=");
            assertThat(bench.minioPut().url().getQuery()).contains("X-Amz-Signature=");
        } finally {
            bench.close();
        }
    }

    @Test
    void serdeBenchmarkRoundTrips() {
        SerdeBenchmark bench = new SerdeBenchmark();
        bench.setUp();
        assertThat(bench.encode()[0]).isZero(); // the Confluent magic byte
        UrlRequest decoded = bench.decode();
        assertThat(decoded).isEqualTo(bench.request);
        assertThat(bench.roundTrip()).isEqualTo(bench.request);
    }

    @Test
    void handlerBenchmarkRepliesWithAnUploadLocation() {
        SignerHandlerBenchmark bench = new SignerHandlerBenchmark();
        bench.setUp();
        try {
            assertThat(bench.handleAws().getBody()).isInstanceOfSatisfying(UploadLocation.class,
                    u -> assertThat(u.getSignedUrl()).contains("X-Amz-Signature="));
            assertThat(bench.handleMinio().getBody()).isInstanceOf(UploadLocation.class);
            assertThat(bench.handleNoSigning().getBody()).isInstanceOf(UploadLocation.class);
        } finally {
            bench.close();
        }
    }
}
