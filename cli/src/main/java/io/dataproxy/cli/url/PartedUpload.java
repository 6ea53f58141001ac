package io.dataproxy.cli.url;

import io.dataproxy.avro.url.AbortMultipartUpload;
import io.dataproxy.avro.url.CompleteMultipartUpload;
import io.dataproxy.avro.url.CompletedPart;
import io.dataproxy.avro.url.MultipartUpload;
import io.dataproxy.avro.url.MultipartUploadCompleted;
import io.dataproxy.avro.url.PartUpload;
import io.dataproxy.avro.url.StartMultipartUpload;
import io.dataproxy.cli.CliFailure;
import io.dataproxy.client.UrlClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * A file uploaded in parts (docs/signer.md, Multipart uploads): start, {@code parallel} parts in flight, each read
 * from disk by range and PUT with its URL's headers, a failed part tried again with a fresh URL after a pause, then
 * complete with the ETags. When a part fails for good the upload is aborted, so storage keeps no orphan parts.
 */
final class PartedUpload {

    /** PUTs one part and returns its ETag; the HTTP transfer in the CLI, a faulty one in tests. */
    interface PartSender {
        /** @param sent to be told of every chunk sent (a failed try's are taken back from the progress) */
        String send(PartUpload part, Path file, long offset, LongConsumer sent) throws IOException, InterruptedException;
    }

    /**
     * @param parallel parts in flight at once
     * @param attempts tries per part before the upload fails
     * @param firstPause pause before a part's second try; doubled before each further one
     */
    record Tuning(int parallel, int attempts, Duration firstPause) {
        static final int ATTEMPTS = 4;
        static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    }

    /** What the upload did: the completed object, and how many part PUTs and SignUploadParts requests it took. */
    record Outcome(MultipartUploadCompleted completed, int parts, int puts, int signRequests) {
    }

    private final UrlClient urls;
    private final Duration timeout;
    private final PartSender sender;
    private final Tuning tuning;

    PartedUpload(UrlClient urls, Duration timeout, PartSender sender, Tuning tuning) {
        this.urls = urls;
        this.timeout = timeout;
        this.sender = sender;
        this.tuning = tuning;
    }

    Outcome upload(StartMultipartUpload request, Path file, Progress progress) throws InterruptedException {
        MultipartUpload started = urls.startMultipartUpload(request, timeout).join();
        PartUrls partUrls = new PartUrls(urls, timeout, Clock.systemUTC(), started);
        int count = started.getPartCount();
        String[] etags = new String[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger puts = new AtomicInteger();
        AtomicReference<PartFailure> failure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(tuning.parallel(), count), runnable -> {
            Thread thread = new Thread(runnable, "upload-part");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < Math.min(tuning.parallel(), count); i++) {
                workers.add(pool.submit(() -> {
                    for (int n = next.incrementAndGet(); n <= count && failure.get() == null; n = next.incrementAndGet()) {
                        try {
                            etags[n - 1] = sendWithRetries(n, started, partUrls, file, progress, puts);
                        } catch (PartFailure e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                try {
                    worker.get();
                } catch (ExecutionException e) {
                    failure.compareAndSet(null, new PartFailure(0, 0, e.getCause()));
                }
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            abortQuietly(started);
            throw e;
        } finally {
            pool.shutdownNow();
        }
        if (failure.get() != null) {
            throw failed(started, failure.get());
        }
        List<CompletedPart> parts = new ArrayList<>(count);
        for (int n = 1; n <= count; n++) {
            parts.add(CompletedPart.newBuilder().setPartNumber(n).setEtag(etags[n - 1]).build());
        }
        MultipartUploadCompleted completed = urls.completeMultipartUpload(CompleteMultipartUpload.newBuilder()
                .setNativeUrl(started.getNativeUrl()).setUploadId(started.getUploadId()).setParts(parts).build(), timeout)
                .join();
        return new Outcome(completed, count, puts.get(), partUrls.signRequests());
    }

    private String sendWithRetries(int number, MultipartUpload started, PartUrls partUrls, Path file, Progress progress,
                                   AtomicInteger puts) throws InterruptedException {
        long offset = (number - 1L) * started.getPartSize();
        Throwable last = null;
        for (int attempt = 1; attempt <= tuning.attempts(); attempt++) {
            if (attempt > 1) {
                Thread.sleep(tuning.firstPause().toMillis() << (attempt - 2)); // a pause before trying again, not a wait
            }
            AtomicLong sent = new AtomicLong();
            try {
                PartUpload part = partUrls.get(number);
                puts.incrementAndGet();
                return sender.send(part, file, offset, n -> {
                    sent.addAndGet(n);
                    progress.advance(n);
                });
            } catch (IOException | RuntimeException e) {
                progress.advance(-sent.get());
                last = e;
                partUrls.drop(number); // it may have expired or been refused: the next try asks for a fresh one
            }
        }
        throw new PartFailure(number, tuning.attempts(), last);
    }

    private CliFailure failed(MultipartUpload started, PartFailure failure) {
        String aborted = abortQuietly(started) ? "the upload was aborted" : "aborting the upload failed too; storage drops"
                + " its parts at " + started.getAbandonedAt();
        String what = failure.number == 0 ? "a part's upload failed" : "part " + failure.number + " failed "
                + failure.attempts + " times";
        return CliFailure.failed(what + " (" + reason(failure.getCause()) + "); " + aborted,
                "run the command again", failure.getCause());
    }

    private boolean abortQuietly(MultipartUpload started) {
        try {
            urls.abortMultipartUpload(AbortMultipartUpload.newBuilder().setNativeUrl(started.getNativeUrl())
                    .setUploadId(started.getUploadId()).build(), timeout).join();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String reason(Throwable cause) {
        Throwable root = cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof CliFailure failure) {
            return failure.getMessage();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /** A part that failed every attempt. */
    private static final class PartFailure extends RuntimeException {
        final int number;
        final int attempts;

        PartFailure(int number, int attempts, Throwable cause) {
            super(cause);
            this.number = number;
            this.attempts = attempts;
        }
    }
}
