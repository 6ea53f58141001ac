package io.dataproxy.cli.url;

import io.dataproxy.cli.CliFailure;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Moves bytes to and from storage through signed URLs, with the JDK's HTTP client over HTTP/1.1. */
final class ObjectTransfer {

    /** Headers the HTTP client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("content-length", "host", "connection", "expect", "upgrade");
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    private final Duration timeout;
    private HttpClient client;

    ObjectTransfer(Duration timeout) {
        this.timeout = timeout;
    }

    /** One client per transfer: parts in parallel share its connection pool. */
    private synchronized HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        }
        return client;
    }

    /** PUTs the file with exactly the headers the signer returned; a refusal is a {@link CliFailure}. */
    void put(String signedUrl, Map<String, String> headers, Path file, long size, Progress progress)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(signedUrl))
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> counting(open(file), progress::advance)),
                        size));
        withHeaders(request, headers);
        HttpResponse<String> response;
        try {
            response = client().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException first) {
            // An S3 server that refuses a PUT early answers and closes the connection while we still send; the
            // client then reports the broken pipe, not the answer. The same request once more gets the answer.
            response = client().send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        if (response.statusCode() / 100 != 2) {
            throw refused("upload", response.statusCode(), response.body());
        }
    }

    /**
     * PUTs {@code length} bytes of the file from {@code offset} (a part of a multipart upload), read from disk as they
     * are sent, with exactly the headers the signer returned; returns the ETag storage answered with.
     *
     * @param sent told of every chunk read for sending
     */
    String putPart(String signedUrl, Map<String, String> headers, Path file, long offset, long length, LongConsumer sent)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(signedUrl))
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(
                        () -> counting(FileRegion.open(file, offset, length), sent)), length));
        withHeaders(request, headers);
        HttpResponse<String> response = client().send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw refused("upload of a part", response.statusCode(), response.body());
        }
        return response.headers().firstValue("ETag").orElseThrow(() -> CliFailure.failed(
                "storage answered a part's upload without an ETag", "is the storage server S3-compatible?", null));
    }

    /**
     * POSTs a presigned form: every field, then {@code body} as the last field, {@code file}, streamed as it is read
     * (chunked: its length is not known). Returns storage's HTTP status.
     */
    void postForm(String url, Map<String, String> fields, String fileName, InputStream body, Progress progress)
            throws IOException, InterruptedException {
        FormBody form = new FormBody(fields, fileName);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> form.stream(counting(body, progress::advance))))
                .build();
        HttpResponse<String> response = client().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw refused("upload", response.statusCode(), response.body());
        }
    }

    private static void withHeaders(HttpRequest.Builder request, Map<String, String> headers) {
        headers.forEach((name, value) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                request.header(name, value);
            }
        });
    }

    /** GETs into {@code target} through a temporary file beside it, so a failed download leaves no partial file. */
    long get(String signedUrl, Path target, Progress.Factory progressFactory) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client().send(HttpRequest.newBuilder(URI.create(signedUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 != 2) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            }
            throw refused("download", response.statusCode(), body);
        }
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        Progress progress = progressFactory.start(total);
        Path dir = target.toAbsolutePath().getParent();
        Path partial = Files.createTempFile(dir, "." + target.getFileName(), ".part");
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(partial)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                progress.advance(n);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        progress.finish();
        return progress.bytes();
    }

    private static CliFailure refused(String what, int status, String body) {
        String code = first(XML_CODE, body);
        String message = first(XML_MESSAGE, body);
        String detail = code == null ? "HTTP " + status : "HTTP " + status + " " + code + (message == null ? "" : ": " + message);
        String hint = switch (code == null ? "" : code) {
            case "BadDigest" -> "the file changed after its MD5 was computed; run the command again";
            case "EntityTooLarge" -> "the body is larger than the signed form allows (max_length)";
            case "AccessDenied", "SignatureDoesNotMatch" -> "the signed URL was refused; it may have expired, run the command again";
            case "NoSuchKey" -> "the object does not exist";
            default -> "look at the storage server's log";
        };
        return CliFailure.failed("storage refused the " + what + " (" + detail + ")", hint, null);
    }

    private static String first(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text == null ? "" : text);
        return m.find() ? m.group(1) : null;
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream counting(InputStream in, LongConsumer sent) {
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    sent.accept(n);
                }
                return n;
            }
        };
    }
}
