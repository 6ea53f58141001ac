package io.dataproxy.cli.url;

import io.dataproxy.avro.url.MultipartUpload;
import io.dataproxy.avro.url.PartUpload;
import io.dataproxy.avro.url.SignUploadParts;
import io.dataproxy.cli.CliFailure;
import io.dataproxy.client.UrlClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The signed URLs of a started upload's parts. The start reply may carry only the first ones; the rest, and fresh
 * ones for a part whose URL failed or is about to expire, come from SignUploadParts, a batch as large as the start
 * reply's at a time.
 */
final class PartUrls {

    /** A URL this close to its expiry is not used: a part of 64 MiB on a slow link takes a while. */
    private static final Duration EXPIRY_MARGIN = Duration.ofMinutes(1);

    private final UrlClient urls;
    private final Duration timeout;
    private final Clock clock;
    private final MultipartUpload started;
    private final int batch;
    private final Map<Integer, PartUpload> parts = new HashMap<>();
    private final Map<Integer, Instant> expiries = new HashMap<>();
    private int signRequests;

    PartUrls(UrlClient urls, Duration timeout, Clock clock, MultipartUpload started) {
        this.urls = urls;
        this.timeout = timeout;
        this.clock = clock;
        this.started = started;
        this.batch = Math.max(1, started.getParts().size());
        keep(started);
    }

    /** Part {@code number}'s URL, signed again when it is missing, was dropped, or is about to expire. */
    synchronized PartUpload get(int number) {
        PartUpload part = parts.get(number);
        if (part == null || !expiries.get(number).isAfter(clock.instant().plus(EXPIRY_MARGIN))) {
            fetchFrom(number);
            part = parts.get(number);
            if (part == null) {
                throw CliFailure.failed("the signer gave no URL for part " + number + " of " + started.getPartCount(),
                        "run the command again", null);
            }
        }
        return part;
    }

    /** Forget part {@code number}'s URL (it failed): the next {@link #get} asks for a fresh one. */
    synchronized void drop(int number) {
        parts.remove(number);
        expiries.remove(number);
    }

    /** How many SignUploadParts requests were sent. */
    synchronized int signRequests() {
        return signRequests;
    }

    private void fetchFrom(int number) {
        List<Integer> numbers = new ArrayList<>();
        for (int n = number; n <= started.getPartCount() && numbers.size() < batch; n++) {
            numbers.add(n);
        }
        signRequests++;
        MultipartUpload more = urls.signUploadParts(SignUploadParts.newBuilder()
                .setNativeUrl(started.getNativeUrl())
                .setUploadId(started.getUploadId())
                .setContentLength(started.getContentLength())
                .setPartSize(started.getPartSize())
                .setPartNumbers(numbers)
                .build(), timeout).join();
        keep(more);
    }

    private void keep(MultipartUpload reply) {
        for (PartUpload part : reply.getParts()) {
            parts.put(part.getPartNumber(), part);
            expiries.put(part.getPartNumber(), reply.getExpiresAt());
        }
    }
}
