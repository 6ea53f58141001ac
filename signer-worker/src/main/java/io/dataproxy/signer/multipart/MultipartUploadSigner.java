package io.dataproxy.signer.multipart;

import io.dataproxy.avro.common.ErrorCode;
import io.dataproxy.avro.url.AbortMultipartUpload;
import io.dataproxy.avro.url.CompleteMultipartUpload;
import io.dataproxy.avro.url.CompletedPart;
import io.dataproxy.avro.url.MultipartUpload;
import io.dataproxy.avro.url.MultipartUploadAborted;
import io.dataproxy.avro.url.MultipartUploadCompleted;
import io.dataproxy.avro.url.PartUpload;
import io.dataproxy.avro.url.SignUploadParts;
import io.dataproxy.avro.url.StartMultipartUpload;
import io.dataproxy.signer.Deadline;
import io.dataproxy.signer.ExpiryPolicy;
import io.dataproxy.signer.RequestRejected;
import io.dataproxy.signer.UploadPlacement;
import io.dataproxy.signer.config.SignerConfig;
import io.dataproxy.storage.MultipartUploads;
import io.dataproxy.storage.MultipartUploads.UploadedPart;
import io.dataproxy.storage.ObjectLocation;
import io.dataproxy.storage.ObjectStorage;
import io.dataproxy.storage.PresignedUpload;
import io.dataproxy.storage.StorageRefusedException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * StartMultipartUpload, SignUploadParts, CompleteMultipartUpload and AbortMultipartUpload (docs/signer.md, Multipart
 * uploads). The signer keeps no state: an upload is its id and its object in storage; its start time, read back from
 * storage, decides when it is abandoned; and completion checks what was really uploaded, since part URLs of one upload
 * can be asked for more than once.
 */
public final class MultipartUploadSigner {

    /**
     * Part URLs one reply carries at most, in bytes of URL: half of Kafka's default record limit, so a reply fits however
     * long its keys are (a 1,024-byte key can make a URL of 3 KiB once percent-encoded).
     */
    static final int URL_BYTES_PER_REPLY = 512 * 1024;

    private final SignerConfig.Upload config;
    private final ObjectStorage storage;
    private final UploadPlacement placement;
    private final ExpiryPolicy expiry;
    private final Clock clock;

    public MultipartUploadSigner(SignerConfig.Upload config, ObjectStorage storage, String container, Clock clock) {
        this.config = config;
        this.storage = storage;
        this.placement = new UploadPlacement(config, storage, container);
        this.expiry = new ExpiryPolicy(config.maxExpiresIn(), "dataproxy.upload.maxExpiresIn");
        this.clock = clock;
    }

    public MultipartUpload start(StartMultipartUpload request, Deadline deadline) {
        MultipartUploads uploads = uploads();
        byte[] md5 = UploadPlacement.bytes(request.getContentMd5());
        placement.checkFields(request.getProject(), request.getDomain(), request.getFilenameRoot(), md5, false);
        Duration expiresIn = expiry.resolve(request.getExpiresIn());
        PartPlan plan = plan(request.getContentLength(), request.getPartSize());
        List<String> partMd5s = partMd5s(request.getPartMd5s(), plan);
        UploadPlacement.Placed placed = placement.place(request.getOrg(), request.getProject(), request.getDomain(),
                request.getFilename(), request.getFilenameRoot(), md5, null);
        ObjectLocation location = placed.location();
        if (placed.deterministic()) {
            placement.guardOverwrite(location, md5);
        }
        deadline.check();
        Instant started = clock.instant();
        String uploadId = uploads.start(location);
        return reply(location, uploadId, plan, firstParts(plan), partMd5s, expiresIn, started.plus(config.multipart().abandonAfter()));
    }

    public MultipartUpload signParts(SignUploadParts request, Deadline deadline) {
        MultipartUploads uploads = uploads();
        ObjectLocation location = placement.ownUpload(request.getNativeUrl());
        uploadId(request.getUploadId());
        Duration requested = expiry.resolve(request.getExpiresIn());
        PartPlan plan = plan(request.getContentLength(), request.getPartSize());
        List<String> partMd5s = partMd5s(request.getPartMd5s(), plan);
        List<Integer> numbers = request.getPartNumbers().isEmpty() ? firstParts(plan) : partNumbers(request.getPartNumbers(), plan);
        Instant abandonedAt = uploads.initiated(location, request.getUploadId())
                .orElseThrow(() -> noSuchUpload(request.getUploadId(), location))
                .plus(config.multipart().abandonAfter());
        // the part URLs die with the upload: after abandonedAt the sweep aborts it
        long secondsLeft = Duration.between(clock.instant(), abandonedAt).toSeconds();
        if (secondsLeft < 1) {
            throw new RequestRejected(ErrorCode.NOT_FOUND, "the multipart upload " + request.getUploadId() + " at " + location
                    + " was abandoned at " + abandonedAt + " (dataproxy.upload.multipart.abandonAfter); start a new one");
        }
        deadline.check();
        Duration expiresIn = requested.compareTo(Duration.ofSeconds(secondsLeft)) > 0 ? Duration.ofSeconds(secondsLeft) : requested;
        return reply(location, request.getUploadId(), plan, numbers, partMd5s, expiresIn, abandonedAt);
    }

    public MultipartUploadCompleted complete(CompleteMultipartUpload request, Deadline deadline) {
        MultipartUploads uploads = uploads();
        ObjectLocation location = placement.ownUpload(request.getNativeUrl());
        uploadId(request.getUploadId());
        List<CompletedPart> asked = request.getParts();
        if (asked.isEmpty() || asked.size() > PartPlan.MAX_PARTS) {
            throw RequestRejected.invalid("parts must list from 1 to " + PartPlan.MAX_PARTS + " parts; was " + asked.size());
        }
        Map<Integer, UploadedPart> stored = new HashMap<>();
        for (UploadedPart part : uploads.parts(location, request.getUploadId())) {
            stored.put(part.number(), part);
        }
        if (stored.isEmpty() && uploads.initiated(location, request.getUploadId()).isEmpty()) {
            throw noSuchUpload(request.getUploadId(), location);
        }
        List<UploadedPart> parts = new ArrayList<>(asked.size());
        long total = 0;
        int previous = 0;
        for (CompletedPart part : asked) {
            int number = part.getPartNumber();
            if (number <= previous) {
                throw RequestRejected.invalid("parts must be in ascending part_number, each once; " + number + " follows " + previous);
            }
            previous = number;
            UploadedPart held = stored.get(number);
            if (held == null) {
                throw RequestRejected.invalid("part " + number + " was not uploaded (storage holds " + stored.size() + " parts)");
            }
            if (!unquoted(held.etag()).equals(unquoted(part.getEtag()))) {
                throw RequestRejected.invalid("part " + number + "'s etag is not the one storage holds for it; send the ETag"
                        + " header its PUT was answered with");
            }
            parts.add(held);
            total += held.size();
        }
        if (total > config.maxSize()) {
            // part URLs asked for twice with different plans could add up to more than one plan allows: never assembled
            uploads.abort(location, request.getUploadId());
            throw RequestRejected.invalid("the parts add up to " + total + " bytes, over " + config.maxSize()
                    + " (dataproxy.upload.maxSize); the upload was aborted");
        }
        deadline.check();
        try {
            uploads.complete(location, request.getUploadId(), parts);
        } catch (StorageRefusedException e) {
            // e.g. EntityTooSmall: a part other than the last under 5 MiB
            throw RequestRejected.invalid("storage refuses to assemble " + location + " from these parts (HTTP " + e.status()
                    + "): every part but the last must be at least 5 MiB; a retry of the same parts will not help");
        }
        return MultipartUploadCompleted.newBuilder().setNativeUrl(location.nativeUrl()).setUploadId(request.getUploadId())
                .setContentLength(total).build();
    }

    public MultipartUploadAborted abort(AbortMultipartUpload request) {
        ObjectLocation location = placement.ownUpload(request.getNativeUrl());
        uploads().abort(location, uploadId(request.getUploadId()));
        return MultipartUploadAborted.newBuilder().setNativeUrl(location.nativeUrl()).setUploadId(request.getUploadId()).build();
    }

    private MultipartUpload reply(ObjectLocation location, String uploadId, PartPlan plan, List<Integer> numbers,
                                  List<String> partMd5s, Duration expiresIn, Instant abandonedAt) {
        MultipartUploads uploads = uploads();
        List<PartUpload> parts = new ArrayList<>(numbers.size());
        Instant expiresAt = null;
        int urlBytes = 0;
        for (int number : numbers) {
            Optional<String> md5 = partMd5s.isEmpty() ? Optional.empty() : Optional.of(partMd5s.get(number - 1));
            PresignedUpload presigned = uploads.presignPart(location, uploadId, number, plan.sizeOf(number), md5, expiresIn);
            String url = presigned.signedUrl();
            urlBytes += url.length();
            if (urlBytes > URL_BYTES_PER_REPLY && !parts.isEmpty()) {
                break; // the rest by SignUploadParts
            }
            parts.add(PartUpload.newBuilder().setPartNumber(number).setSignedUrl(url).setContentLength(plan.sizeOf(number))
                    .setHeaders(presigned.headers()).build());
            expiresAt = expiresAt == null || presigned.expiresAt().isBefore(expiresAt) ? presigned.expiresAt() : expiresAt;
        }
        return MultipartUpload.newBuilder().setNativeUrl(location.nativeUrl()).setUploadId(uploadId)
                .setContentLength(plan.total()).setPartSize(plan.partSize()).setPartCount(plan.count()).setParts(parts)
                .setExpiresAt(expiresAt).setAbandonedAt(abandonedAt).build();
    }

    private PartPlan plan(long total, Long partSize) {
        return PartPlan.of(total, partSize, config.multipart().partSize(), config.maxSize());
    }

    private List<Integer> firstParts(PartPlan plan) {
        int n = Math.min(plan.count(), config.multipart().maxPartsPerReply());
        List<Integer> numbers = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            numbers.add(i);
        }
        return numbers;
    }

    private List<Integer> partNumbers(List<Integer> asked, PartPlan plan) {
        if (asked.size() > config.multipart().maxPartsPerReply()) {
            throw RequestRejected.invalid("part_numbers may name at most " + config.multipart().maxPartsPerReply()
                    + " parts (dataproxy.upload.multipart.maxPartsPerReply); was " + asked.size());
        }
        if (asked.stream().distinct().count() != asked.size()) {
            throw RequestRejected.invalid("part_numbers names a part more than once");
        }
        for (int number : asked) {
            if (number < 1 || number > plan.count()) {
                throw RequestRejected.invalid("part_numbers must be from 1 to " + plan.count() + " (the upload's part count); was "
                        + number);
            }
        }
        return asked;
    }

    /** Base64 of each part's MD5: none, or one of 16 bytes per part. */
    private static List<String> partMd5s(List<ByteBuffer> md5s, PartPlan plan) {
        if (md5s.isEmpty()) {
            return List.of();
        }
        if (md5s.size() != plan.count()) {
            throw RequestRejected.invalid("part_md5s must hold one MD5 per part (" + plan.count() + ") or none; was " + md5s.size());
        }
        List<String> encoded = new ArrayList<>(md5s.size());
        for (int i = 0; i < md5s.size(); i++) {
            byte[] md5 = UploadPlacement.bytes(md5s.get(i));
            if (md5.length != 16) {
                throw RequestRejected.invalid("part_md5s[" + i + "] must be a raw 16-byte MD5; got " + md5.length + " bytes");
            }
            encoded.add(Base64.getEncoder().encodeToString(md5));
        }
        return encoded;
    }

    private MultipartUploads uploads() {
        return storage.multipart().orElseThrow(() -> new RequestRejected(ErrorCode.UNIMPLEMENTED, "this deployment's storage has"
                + " no multipart uploads; use CreateUploadLocation (one PUT, up to 5 GiB)"));
    }

    /** An upload id as storage hands them out: printable ASCII, not empty, at most 1,024 characters. */
    private static String uploadId(String id) {
        if (id == null || id.isEmpty() || id.length() > 1024 || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw RequestRejected.invalid("upload_id must be the id the start reply gave (printable ASCII, 1 to 1024 characters)");
        }
        return id;
    }

    private static RequestRejected noSuchUpload(String uploadId, ObjectLocation location) {
        return new RequestRejected(ErrorCode.NOT_FOUND, "there is no multipart upload " + uploadId + " at " + location
                + ": it was completed, aborted or abandoned, or never started");
    }

    private static String unquoted(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }
}
