package io.dataproxy.signer;

import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.CreateUploadForm;
import io.dataproxy.avro.url.UploadForm;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.UploadForms;
import java.time.Duration;

/**
 * CreateUploadForm: a presigned POST for a body whose length is not known in advance (docs/signer.md, Upload forms).
 * The policy bounds the body to {@code max_length} (at most {@code dataproxy.upload.maxSize}), so an upload without a
 * known length is still bounded. Nothing is known of the content in advance, so a form without {@code filename_root}
 * gets a random directory, and a fully determined key that already holds an object is refused.
 */
public final class UploadFormSigner {

    private final SignerConfig.Upload config;
    private final ObjectStorage storage;
    private final UploadPlacement placement;
    private final ExpiryPolicy expiry;

    public UploadFormSigner(SignerConfig.Upload config, ObjectStorage storage, String container) {
        this.config = config;
        this.storage = storage;
        this.placement = new UploadPlacement(config, storage, container);
        this.expiry = new ExpiryPolicy(config.maxExpiresIn(), "dataproxy.upload.maxExpiresIn");
    }

    public UploadForm sign(CreateUploadForm request, Deadline deadline) {
        UploadForms forms = storage.forms().orElseThrow(() -> new RequestRejected(ErrorCode.UNIMPLEMENTED,
                "this deployment's storage has no presigned POST forms; use CreateUploadLocation with content_length"));
        placement.checkFields(request.getProject(), request.getDomain(), request.getFilenameRoot(), null, true);
        Duration expiresIn = expiry.resolve(request.getExpiresIn());
        Long asked = request.getMaxLength();
        if (asked != null && (asked < 0 || asked > config.maxSize())) {
            throw RequestRejected.invalid("max_length must be from 0 to " + config.maxSize() + " bytes (dataproxy.upload.maxSize);"
                    + " was " + asked);
        }
        long maxLength = asked == null ? config.maxSize() : asked;
        UploadPlacement.Placed placed = placement.place(request.getOrg(), request.getProject(), request.getDomain(),
                request.getFilename(), request.getFilenameRoot(), null, placement.randomRoot());
        if (placed.deterministic()) {
            placement.guardOverwrite(placed.location(), null);
            deadline.check();
        }
        UploadForms.PresignedForm form = forms.presignPost(placed.location(), maxLength, expiresIn);
        return UploadForm.newBuilder().setUrl(form.url().toString()).setFields(form.fields())
                .setNativeUrl(placed.location().nativeUrl()).setMaxLength(maxLength).setExpiresAt(form.expiresAt()).build();
    }
}
