package io.dataproxy.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How each backend takes storage's answers, through its real SDK over HTTP: a refusal for good (an object lock, a
 * key storage will not take, no permission) is {@link StorageRefusedException}, something a retry may fix (a server
 * error, a timeout, throttling, credentials refused as a whole) is {@link StorageUnavailableException}, and absent
 * is no error. Both exceptions name the operation and the object, never the secret.
 */
class StorageFailureTest {

    private StubS3 stub;

    @BeforeEach
    void start() throws Exception {
        stub = StubS3.start();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @ParameterizedTest(name = "{0}: DELETE answered {1} {2} is a refusal for good: {3}")
    @CsvSource({
            "S3,    403, AccessDenied,       true",
            "S3,    400, InvalidArgument,    true",
            "S3,    409, OperationAborted,   true",
            "S3,    412, PreconditionFailed, true",
            "S3,    500, InternalError,      false",
            "S3,    503, SlowDown,           false",
            "S3,    429, TooManyRequests,    false",
            "S3,    408, RequestTimeout,     false",
            "S3,    403, InvalidAccessKeyId, false",
            "S3,    400, ExpiredToken,       false",
            "MINIO, 403, AccessDenied,       true",
            "MINIO, 400, InvalidArgument,    true",
            "MINIO, 409, OperationAborted,   true",
            "MINIO, 503, SlowDown,           false",
            "MINIO, 500, InternalError,      false",
            "MINIO, 403, InvalidAccessKeyId, false"})
    void deleteFailuresAreClassified(StorageConfig.Type type, int status, String code, boolean refused) {
        stub.answer("locked/object", status, code);
        try (ObjectStorage storage = stub.storage(type, "bucket")) {
            assertThatThrownBy(() -> storage.delete(new ObjectLocation("bucket", "locked/object")))
                    .isInstanceOf(refused ? StorageRefusedException.class : StorageUnavailableException.class)
                    .hasMessageContaining("DELETE s3://bucket/locked/object")
                    .hasMessageNotContaining("stub-secret");
        }
    }

    @ParameterizedTest(name = "{0}: HEAD answered {1} is a refusal for good: {2}")
    @CsvSource({"S3, 403, true", "S3, 400, true", "S3, 503, false", "S3, 500, false",
            "MINIO, 403, true", "MINIO, 400, true", "MINIO, 503, false"})
    void headFailuresAreClassified(StorageConfig.Type type, int status, boolean refused) {
        stub.answer("k", status, null);
        try (ObjectStorage storage = stub.storage(type, "bucket")) {
            assertThatThrownBy(() -> storage.head(new ObjectLocation("bucket", "k")))
                    .isInstanceOf(refused ? StorageRefusedException.class : StorageUnavailableException.class)
                    .hasMessageContaining("HEAD s3://bucket/k");
        }
    }

    @ParameterizedTest
    @EnumSource(value = StorageConfig.Type.class, names = {"S3", "MINIO"}) // the S3-API backends this stub speaks to
    void aRefusalSaysWhetherAccessWasDenied(StorageConfig.Type type) {
        stub.answer("denied", 403, "AccessDenied").answer("bad", 400, "InvalidArgument");
        try (ObjectStorage storage = stub.storage(type, "bucket")) {
            assertThatThrownBy(() -> storage.delete(new ObjectLocation("bucket", "denied")))
                    .isInstanceOfSatisfying(StorageRefusedException.class, e -> assertThat(e.isAccessDenied()).isTrue());
            assertThatThrownBy(() -> storage.delete(new ObjectLocation("bucket", "bad")))
                    .isInstanceOfSatisfying(StorageRefusedException.class, e -> assertThat(e.isAccessDenied()).isFalse());
        }
    }

    @ParameterizedTest
    @EnumSource(value = StorageConfig.Type.class, names = {"S3", "MINIO"}) // the S3-API backends this stub speaks to
    void absentIsNoError(StorageConfig.Type type) {
        try (ObjectStorage storage = stub.storage(type, "bucket")) {
            assertThat(storage.head(new ObjectLocation("bucket", "absent"))).isEmpty();
            storage.delete(new ObjectLocation("bucket", "absent"));
        }
        assertThat(stub.received()).extracting(StubS3.Request::method).contains("HEAD", "DELETE");
    }

    @ParameterizedTest
    @EnumSource(value = StorageConfig.Type.class, names = {"S3", "MINIO"}) // the S3-API backends this stub speaks to
    void noAnswerAtAllIsUnavailable(StorageConfig.Type type) {
        stub.close(); // nothing listens on the port any more
        try (ObjectStorage storage = stub.storage(type, "bucket")) {
            assertThatThrownBy(() -> storage.delete(new ObjectLocation("bucket", "k"))).isInstanceOf(StorageUnavailableException.class);
            assertThatThrownBy(() -> storage.head(new ObjectLocation("bucket", "k"))).isInstanceOf(StorageUnavailableException.class);
        }
    }
}
