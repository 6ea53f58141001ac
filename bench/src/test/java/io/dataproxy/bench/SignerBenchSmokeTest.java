package io.dataproxy.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.url.UploadLocation;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.storage.PresignedUpload;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/** Each signer benchmark's setup and one invocation: they must sign (not fail fast into an error reply). */
class SignerBenchSmokeTest {

    @Test
    void presignBenchmarkSignsWhatItClaims() {
        PresignBenchmark bench = new PresignBenchmark();
        bench.open();
        try {
            PresignedPutObjectRequest sdkPut = bench.awsPutMd5Length();
            assertThat(sdkPut.url().getQuery()).contains("X-Amz-Signature=");
            assertThat(sdkPut.signedHeaders()).containsKeys("content-md5", "content-length");
            assertThat(bench.awsGet().url().getQuery()).contains("X-Amz-Signature=");

            PresignedUpload fastPut = bench.fastPutMd5Length();
            assertThat(withoutTime(fastPut.url().toString())).as("the SDK's URL but for the instant and signature")
                    .isEqualTo(withoutTime(sdkPut.url().toString()));
            assertThat(fastPut.signedHeaders()).containsExactlyInAnyOrder("content-md5", "content-length", "host");
            URI fastGet = bench.fastGet();
            assertThat(withoutTime(fastGet.toString())).isEqualTo(withoutTime(bench.awsGet().url().toString()));
            assertThat(bench.minioPut().url().getQuery()).contains("X-Amz-Signature=");

            PresignedUpload gcsPut = bench.gcsPutMd5Length();
            assertThat(gcsPut.url()).hasScheme("https").hasHost("storage.googleapis.com");
            assertThat(gcsPut.url().getQuery()).contains("X-Goog-Signature=");
            assertThat(gcsPut.signedHeaders()).containsExactlyInAnyOrder("host", "content-md5", "x-goog-content-length-range");
            assertThat(bench.gcsGet().getQuery()).contains("X-Goog-Signature=");
            PresignedUpload azurePut = bench.azurePutMd5Length();
            assertThat(azurePut.url().getHost()).isEqualTo("benchaccount.blob.core.windows.net");
            assertThat(azurePut.url().getQuery()).contains("sig=").contains("sp=cw");
            assertThat(bench.azureGet().getQuery()).contains("sig=").contains("sp=r");
        } finally {
            bench.close();
        }
    }

    /** Without the values of X-Amz-Date and X-Amz-Signature: they change with the second the URL is signed in. */
    private static String withoutTime(String url) {
        return url.replaceAll("X-Amz-Date=[0-9TZ]+", "X-Amz-Date=").replaceAll("X-Amz-Signature=[0-9a-f]+", "X-Amz-Signature=");
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
