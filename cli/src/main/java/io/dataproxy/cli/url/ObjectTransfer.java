package io.dataproxy.cli.url;

import io.dataproxy.cli.CliFailure;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Moves bytes to and from storage through signed URLs, with the JDK's HTTP client over HTTP/1.1. */
final class ObjectTransfer {

    /** Headers the HTTP client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("content-length", "host", "connection", "expect", "upgrade");
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]*)</Code>");
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    private final Duration timeout;

    ObjectTransfer(Duration timeout) {
        this.timeout = timeout;
    }

    private HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** PUTs the file with exactly the headers the signer returned; a refusal is a {@link CliFailure}. */
    void put(String signedUrl, Map<String, String> headers, Path file, long size, Progress progress)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(signedUrl))
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> counting(file, progress)), size));
        headers.forEach((name, value) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                request.header(name, value);
            }
        });
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

    private static InputStream counting(Path file, Progress progress) {
        try {
            return new FilterInputStream(Files.newInputStream(file)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        progress.advance(n);
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
