package io.dataproxy.signer;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.CreateDownloadLink;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.DownloadLinks;
import io.dataproxy.avro.url.UploadLocation;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.PresignedUpload;
import io.dataproxy.storage.StoredObject;
import io.dataproxy.storage.UploadConstraints;
import io.dataproxy.wire.ObjectKeys;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Keys and URIs from hostile alphabets ({@code /}, {@code .}, {@code ..}, backslashes, NUL and other controls, line
 * separators, bidirectional overrides, lone surrogates, percent escapes, very long parts): every upload the signer signs
 * lands exactly at {@code <storagePrefix>/<org>/<project>/<domain>/<root>/<filename>} under its prefix, every download
 * link names exactly the key asked for, in an allowed bucket, with no segment that could climb out; anything else is
 * refused with INVALID_ARGUMENT (or PERMISSION_DENIED for another bucket), never INTERNAL.
 */
class KeyConfinementPropertyTest {

    private static final String BUCKET = "bucket";
    private static final String PREFIX = "uploads";
    private static final byte[] MD5 = new byte[16];
    private static final Signing SIGNING = new Signing();

    @Property(tries = 2000)
    void everySignedUploadStaysUnderItsPrefixAndLayout(@ForAll("uploads") CreateUploadLocation upload) {
        Object body = SIGNING.handler.handle(UrlRequest.newBuilder().setRequestId("p").setBody(upload).build()).getBody();
        Statistics.label("upload").collect(body instanceof Error ? "refused" : "signed");
        if (body instanceof Error error) {
            assertThat(error.getCode()).as(error.getMessage()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(error.getMessage()).containsAnyOf("org", "project", "domain", "filename", "filename_root", "object key");
            return;
        }
        UploadLocation location = (UploadLocation) body;
        String root = upload.getFilenameRoot() == null || upload.getFilenameRoot().isEmpty()
                ? ObjectKeyLayout.base32(MD5) : upload.getFilenameRoot();
        String org = upload.getOrg() == null || upload.getOrg().isEmpty() ? "" : upload.getOrg() + "/";
        String directory = PREFIX + "/" + org + upload.getProject() + "/" + upload.getDomain() + "/" + root + "/";
        String key = location.getNativeUrl().substring(("s3://" + BUCKET + "/").length());

        assertThat(location.getNativeUrl()).startsWith("s3://" + BUCKET + "/" + directory);
        if (upload.getFilename() != null && !upload.getFilename().isEmpty()) {
            assertThat(key).isEqualTo(directory + upload.getFilename());
        } else {
            assertThat(key.substring(directory.length())).matches("[a-z0-9]{20}");
        }
        assertConfined(key, "/" + BUCKET + "/" + directory);
        assertThat(URI.create(location.getSignedUrl()).getPath()).as("the signed URL names that very key")
                .isEqualTo("/" + BUCKET + "/" + key);
    }

    /** Both outcomes are common enough to mean something: the alphabets are hostile, not hopeless. */
    @Property(tries = 2000)
    @StatisticsReport(onFailureOnly = true)
    void theAlphabetsProduceBothOutcomes(@ForAll("uploads") CreateUploadLocation upload, @ForAll("nativeUrls") String url) {
        Object uploaded = SIGNING.handler.handle(UrlRequest.newBuilder().setRequestId("p").setBody(upload).build()).getBody();
        Object linked = SIGNING.handler.handle(UrlRequest.newBuilder().setRequestId("p")
                .setBody(CreateDownloadLink.newBuilder().setNativeUrls(List.of(url)).build()).build()).getBody();
        Statistics.label("upload").collect(uploaded instanceof Error ? "refused" : "signed");
        Statistics.label("download").collect(linked instanceof Error ? "refused" : "signed");
        Statistics.label("upload").coverage(c -> {
            c.check("signed").percentage(p -> p > 10);
            c.check("refused").percentage(p -> p > 10);
        });
        Statistics.label("download").coverage(c -> {
            c.check("signed").percentage(p -> p > 10);
            c.check("refused").percentage(p -> p > 10);
        });
    }

    @Property(tries = 2000)
    void everySignedDownloadNamesExactlyAnAllowedKey(@ForAll("nativeUrls") String nativeUrl) {
        Object body = SIGNING.handler.handle(UrlRequest.newBuilder().setRequestId("p")
                .setBody(CreateDownloadLink.newBuilder().setNativeUrls(List.of(nativeUrl)).build()).build()).getBody();
        Statistics.label("download").collect(body instanceof Error ? "refused" : "signed");
        if (body instanceof Error error) {
            assertThat(error.getCode()).as(error.getMessage()).isIn(ErrorCode.INVALID_ARGUMENT, ErrorCode.PERMISSION_DENIED);
            assertThat(error.getMessage()).startsWith("native_urls[0]");
            return;
        }
        String key = nativeUrl.substring(("s3://" + BUCKET + "/").length());
        assertThat(nativeUrl).startsWith("s3://" + BUCKET + "/");
        assertConfined(key, "/" + BUCKET + "/");
        String signed = ((DownloadLinks) body).getSignedUrls().get(0);
        assertThat(URI.create(signed).getPath()).isEqualTo("/" + BUCKET + "/" + key);
    }

    /** A key the one key rule accepts, that no store resolving paths could read as one outside {@code under}. */
    private static void assertConfined(String key, String under) {
        ObjectKeys.check("key", key);
        assertThat(key.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(ObjectKeys.MAX_KEY_BYTES);
        for (String segment : key.split("/", -1)) {
            assertThat(segment).isNotEmpty().isNotIn(".", "..");
        }
        Path path = Path.of("/" + BUCKET + "/" + key);
        assertThat(path.normalize()).isEqualTo(path);
        assertThat(path.normalize().startsWith(Path.of(under))).isTrue();
    }

    // ---- hostile alphabets --------------------------------------------------------------------------------

    private static Arbitrary<String> hostile(int maxParts) {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of("/", "//", ".", "..", "../", "./", "a", "b.txt", "%2e%2e", "%2F", "\\", "\u0000", "\n", "\r",
                        "\t", "\u007F", "\u0085", "\u202E", "\u2066", "\u200F", "\u061C", "\u2028", "\uD800", "\uDC00",
                        "\uD83D\uDE00", "é", "根", " ", "~", "?", "#", "&", "="),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8),
                Arbitraries.strings().withCharRange('\u0000', '\uFFFF').ofMinLength(1).ofMaxLength(3));
        return Arbitraries.oneOf(
                pieces.list().ofMinSize(0).ofMaxSize(maxParts).map(parts -> String.join("", parts)),
                Arbitraries.integers().between(200, 1100).map("k"::repeat));
    }

    @Provide
    Arbitrary<CreateUploadLocation> uploads() {
        Arbitrary<String> segment = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().alpha().numeric().withChars("-_.").ofMinLength(1).ofMaxLength(12)),
                Tuple.of(2, hostile(4)));
        Arbitrary<String> optional = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just((String) null)),
                Tuple.of(3, segment));
        return Combinators.combine(optional, segment, segment, optional, Arbitraries.oneOf(optional, hostile(10)))
                .as((org, project, domain, root, filename) -> CreateUploadLocation.newBuilder().setOrg(org).setProject(project)
                        .setDomain(domain).setFilenameRoot(root).setFilename(filename).setContentMd5(ByteBuffer.wrap(MD5))
                        .setContentLength(1L).build());
    }

    @Provide
    Arbitrary<String> nativeUrls() {
        Arbitrary<String> bucket = Arbitraries.of(BUCKET, BUCKET, BUCKET, "other", "bucket\u202E", "");
        Arbitrary<String> scheme = Arbitraries.of("s3://", "s3://", "s3://", "gs://", "s3:/", "S3://", "");
        return Combinators.combine(scheme, bucket, hostile(10)).as((s, b, key) -> s + b + "/" + key);
    }

    // ---- the signer under test -----------------------------------------------------------------------------

    /** The real handler and the s3 backend's real signing; HEAD (of a fully named upload) answers "absent" offline. */
    private static final class Signing {
        final ObjectStorage storage;
        final UrlRequestHandler handler;

        Signing() {
            SignerConfig config = SignerConfig.load(null, Map.of("STORAGE_TYPE", "s3", "STORAGE_CONTAINER", BUCKET,
                    "STORAGE_CONNECTION_ENDPOINT", "http://127.0.0.1:9", "STORAGE_CONNECTION_ACCESS_KEY", "AKIDEXAMPLE",
                    "STORAGE_CONNECTION_SECRET_KEY", "secret", "DATAPROXY_UPLOAD_STORAGE_PREFIX", PREFIX,
                    "DATAPROXY_DOWNLOAD_CHECK_EXISTS", "false"));
            storage = new AbsentObjects(ObjectStorage.open(config.storage()));
            Clock clock = Clock.systemUTC();
            handler = new UrlRequestHandler(new UploadLocationSigner(config.upload(), storage, BUCKET),
                    new DownloadLinkSigner(config.download(), storage, config.storage().allowedContainers(), clock), clock);
        }
    }

    @AfterContainer
    static void closeStorage() {
        SIGNING.storage.close();
    }

    /** Signs as the real backend does; every object is absent (a HEAD would need a server; confinement does not). */
    private record AbsentObjects(ObjectStorage real) implements ObjectStorage {
        @Override
        public PresignedUpload presignPut(ObjectLocation location, UploadConstraints constraints, Duration expiresIn) {
            return real.presignPut(location, constraints, expiresIn);
        }

        @Override
        public URI presignGet(ObjectLocation location, Duration expiresIn) {
            return real.presignGet(location, expiresIn);
        }

        @Override
        public Optional<StoredObject> head(ObjectLocation location) {
            return Optional.empty();
        }

        @Override
        public void delete(ObjectLocation location) {
            throw new UnsupportedOperationException("the signer never deletes");
        }

        @Override
        public String describe() {
            return "absent objects, " + real.describe();
        }

        @Override
        public void close() {
            real.close();
        }
    }
}
