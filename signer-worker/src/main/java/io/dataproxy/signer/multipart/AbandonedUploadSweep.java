package io.dataproxy.signer.multipart;

import io.dataproxy.storage.MultipartUploads;
import io.dataproxy.storage.MultipartUploads.PendingUpload;
import io.dataproxy.storage.StorageException;
import io.dataproxy.wire.LogSafe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aborts multipart uploads left behind: those under the upload prefix started more than
 * {@code dataproxy.upload.multipart.abandonAfter} ago, so storage stops paying for their parts. Every signer replica
 * sweeps (an abort is idempotent, and a sweep is one listing); a failed sweep is logged and tried again at the next
 * interval. Storage's own lifecycle rule (AbortIncompleteMultipartUpload) does the same and may be used beside it.
 */
public final class AbandonedUploadSweep implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AbandonedUploadSweep.class);

    private final MultipartUploads uploads;
    private final String bucket;
    private final String keyPrefix;
    private final Duration abandonAfter;
    private final Duration interval;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "abandoned-upload-sweep");
        thread.setDaemon(true);
        return thread;
    });

    /** @param keyPrefix the upload prefix with its trailing {@code /}, or empty for the whole bucket */
    public AbandonedUploadSweep(MultipartUploads uploads, String bucket, String keyPrefix, Duration abandonAfter,
                                Duration interval, Clock clock) {
        this.uploads = uploads;
        this.bucket = bucket;
        this.keyPrefix = keyPrefix;
        this.abandonAfter = abandonAfter;
        this.interval = interval;
        this.clock = clock;
    }

    /** Sweeps now and then every {@code interval}. */
    public AbandonedUploadSweep start() {
        timer.scheduleWithFixedDelay(this::sweepLogged, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One sweep: returns how many uploads it aborted. */
    public int sweep() {
        Instant cutoff = clock.instant().minus(abandonAfter);
        int aborted = 0;
        for (PendingUpload upload : uploads.pending(bucket, keyPrefix)) {
            if (upload.initiated().isBefore(cutoff)) {
                uploads.abort(upload.location(), upload.uploadId());
                aborted++;
            }
        }
        return aborted;
    }

    private void sweepLogged() {
        try {
            int aborted = sweep();
            if (aborted > 0) {
                log.info("aborted {} multipart uploads started before {} and never completed", aborted,
                        clock.instant().minus(abandonAfter));
            }
        } catch (StorageException e) {
            log.warn("sweep for abandoned multipart uploads failed, next at the next interval: {}", LogSafe.text(e.getMessage()));
        } catch (RuntimeException e) {
            log.error("sweep for abandoned multipart uploads failed unexpectedly", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
