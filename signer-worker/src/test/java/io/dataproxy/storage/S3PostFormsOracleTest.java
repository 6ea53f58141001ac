package io.dataproxy.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.MinioClient;
import io.minio.PostPolicy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.S3Utilities;

/** The hand-written POST policy signature against the MinIO SDK's, which signs POST policies itself. */
class S3PostFormsOracleTest {

    private static final String ACCESS_KEY = "AKIDEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    @Test
    void signsAPolicyExactlyAsTheMinioSdkDoes() throws Exception {
        for (String region : new String[] {"us-east-1", "eu-central-1"}) {
            MinioClient minio = MinioClient.builder().endpoint("http://127.0.0.1:9000").credentials(ACCESS_KEY, SECRET)
                    .region(region).build();
            PostPolicy policy = new PostPolicy("bucket", ZonedDateTime.now().plusMinutes(10));
            policy.addEqualsCondition("key", "uploads/p/d/root/a.bin");
            policy.addContentLengthRangeCondition(0, 1024);
            Map<String, String> form = minio.getPresignedPostFormData(policy);

            S3PostForms ours = forms(region);
            String date = form.get("x-amz-date").substring(0, 8);
            assertThat(ours.sign(SECRET, date, form.get("policy"))).as(region).isEqualTo(form.get("x-amz-signature"));
        }
    }

    @Test
    void thePolicyNamesTheBucketTheKeyEveryFieldAndTheLengthRange() {
        UploadForms.PresignedForm form = forms("us-east-1").presignPost(new ObjectLocation("bucket", "uploads/p/d/r/a b.bin"), 4096,
                Duration.ofMinutes(5));
        String policy = new String(Base64.getDecoder().decode(form.fields().get("policy")), StandardCharsets.UTF_8);
        assertThat(policy).contains("{\"bucket\":\"bucket\"}", "[\"eq\",\"$key\",\"uploads/p/d/r/a b.bin\"]",
                "[\"content-length-range\",0,4096]", "\"$x-amz-credential\"", "\"$x-amz-date\"", "\"$x-amz-algorithm\"");
        assertThat(form.url()).hasToString("http://127.0.0.1:9000/bucket/");
        assertThat(form.fields()).containsKeys("key", "policy", "x-amz-signature").doesNotContainValue(SECRET);
    }

    private static S3PostForms forms(String region) {
        S3Utilities urls = S3Utilities.builder().region(Region.of(region)).endpoint(URI.create("http://127.0.0.1:9000"))
                .s3Configuration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
        return new S3PostForms(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET)), region, urls,
                Clock.systemUTC());
    }
}
