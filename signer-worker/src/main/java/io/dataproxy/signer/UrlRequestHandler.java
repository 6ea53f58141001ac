package io.dataproxy.signer;

import io.dataproxy.avro.common.Error;
import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.AbortMultipartUpload;
import io.dataproxy.avro.url.CompleteMultipartUpload;
import io.dataproxy.avro.url.CreateDownloadLink;
import io.dataproxy.avro.url.CreateUploadForm;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.SignUploadParts;
import io.dataproxy.avro.url.StartMultipartUpload;
import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;
import io.dataproxy.signer.multipart.MultipartUploadSigner;
import io.dataproxy.storage.StorageRefusedException;
import io.dataproxy.storage.StorageUnavailableException;
import io.dataproxy.wire.LogSafe;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one URL request into its reply. Never throws: every outcome, including bugs, is a reply, so a
 * requester never waits for a timeout.
 */
public final class UrlRequestHandler implements UrlReplier {

    private static final Logger log = LoggerFactory.getLogger(UrlRequestHandler.class);

    private final UploadLocationSigner uploads;
    private final DownloadLinkSigner downloads;
    private final MultipartUploadSigner multipart;
    private final UploadFormSigner forms;
    private final Clock clock;
    private final SignerMetrics metrics;

    public UrlRequestHandler(UploadLocationSigner uploads, DownloadLinkSigner downloads, Clock clock) {
        this(uploads, downloads, clock, SignerMetrics.none());
    }

    public UrlRequestHandler(UploadLocationSigner uploads, DownloadLinkSigner downloads, Clock clock, SignerMetrics metrics) {
        this(uploads, downloads, null, null, clock, metrics);
    }

    /** @param multipart and {@code forms} null: those kinds are answered UNIMPLEMENTED */
    public UrlRequestHandler(UploadLocationSigner uploads, DownloadLinkSigner downloads, MultipartUploadSigner multipart,
                             UploadFormSigner forms, Clock clock, SignerMetrics metrics) {
        this.uploads = uploads;
        this.downloads = downloads;
        this.multipart = multipart;
        this.forms = forms;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public UrlReply handle(UrlRequest request) {
        long start = System.nanoTime();
        UrlReply reply = answer(request);
        metrics.requestHandled(kind(request.getBody()), outcome(reply), System.nanoTime() - start);
        return reply;
    }

    private UrlReply answer(UrlRequest request) {
        UrlReply.Builder reply = UrlReply.newBuilder().setRequestId(request.getRequestId());
        try {
            // The deadline comes first: a caller that has given up needs no answer but this one,
            // and a replayed backlog of stale requests then costs almost nothing.
            Deadline deadline = new Deadline(request.getDeadline(), clock);
            deadline.check();
            Object body = request.getBody();
            if (body instanceof CreateUploadLocation upload) {
                return reply.setBody(uploads.sign(upload, deadline)).build();
            } else if (body instanceof CreateDownloadLink download) {
                return reply.setBody(downloads.sign(download, deadline)).build();
            } else if (body instanceof CreateUploadForm form) {
                return reply.setBody(formSigner().sign(form, deadline)).build();
            } else if (body instanceof StartMultipartUpload start) {
                return reply.setBody(multipartSigner().start(start, deadline)).build();
            } else if (body instanceof SignUploadParts parts) {
                return reply.setBody(multipartSigner().signParts(parts, deadline)).build();
            } else if (body instanceof CompleteMultipartUpload complete) {
                return reply.setBody(multipartSigner().complete(complete, deadline)).build();
            } else if (body instanceof AbortMultipartUpload abort) {
                return reply.setBody(multipartSigner().abort(abort)).build();
            }
            return reply.setBody(error(ErrorCode.INVALID_ARGUMENT, "unknown request body "
                    + (body == null ? "null" : body.getClass().getSimpleName()))).build();
        } catch (RequestRejected e) {
            return reply.setBody(error(e.code(), e.getMessage())).build();
        } catch (StorageRefusedException e) {
            RequestRejected refused = RequestRejected.storageRefused("the object", e);
            return reply.setBody(error(refused.code(), refused.getMessage())).build();
        } catch (StorageUnavailableException e) {
            log.warn("request {}: {}", LogSafe.text(request.getRequestId()), LogSafe.text(e.getMessage()));
            return reply.setBody(error(ErrorCode.INTERNAL, "storage was unreachable while checking the object; try again")).build();
        } catch (RuntimeException e) {
            // a bug: the one case with a stack trace at ERROR, since nobody can act on it without one
            log.error("request {} failed unexpectedly", LogSafe.text(request.getRequestId()), e);
            return reply.setBody(error(ErrorCode.INTERNAL, "internal error (request " + LogSafe.text(request.getRequestId())
                    + "); the worker's log has the details")).build();
        }
    }

    private MultipartUploadSigner multipartSigner() {
        if (multipart == null) {
            throw new RequestRejected(ErrorCode.UNIMPLEMENTED, "this worker does not serve multipart uploads");
        }
        return multipart;
    }

    private UploadFormSigner formSigner() {
        if (forms == null) {
            throw new RequestRejected(ErrorCode.UNIMPLEMENTED, "this worker does not serve upload forms");
        }
        return forms;
    }

    /** The metrics' {@code kind} tag. */
    private static String kind(Object body) {
        if (body instanceof CreateUploadLocation) {
            return "upload";
        } else if (body instanceof CreateDownloadLink) {
            return "download";
        } else if (body instanceof CreateUploadForm) {
            return "upload_form";
        } else if (body instanceof StartMultipartUpload) {
            return "multipart_start";
        } else if (body instanceof SignUploadParts) {
            return "multipart_parts";
        } else if (body instanceof CompleteMultipartUpload) {
            return "multipart_complete";
        } else if (body instanceof AbortMultipartUpload) {
            return "multipart_abort";
        }
        return "unknown";
    }

    /** {@code ok}, or the reply's error code. */
    private static String outcome(UrlReply reply) {
        return reply.getBody() instanceof Error error ? error.getCode().name() : "ok";
    }

    static Error error(ErrorCode code, String message) {
        return Error.newBuilder().setCode(code).setMessage(message).build();
    }
}
