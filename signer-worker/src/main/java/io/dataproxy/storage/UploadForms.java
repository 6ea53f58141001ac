package io.dataproxy.storage;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Presigned POST forms: an upload whose length is not known in advance, bounded by the signed policy's
 * {@code content-length-range} instead of a signed {@code Content-Length}.
 */
public interface UploadForms {

    PresignedForm presignPost(ObjectLocation location, long maxLength, Duration expiresIn);

    /**
     * Where to POST, and the fields to send before the body (the field named {@code file}, last), in order.
     *
     * @param expiresAt when the policy stops being accepted, to the second
     */
    record PresignedForm(URI url, Map<String, String> fields, Instant expiresAt) {
    }
}
