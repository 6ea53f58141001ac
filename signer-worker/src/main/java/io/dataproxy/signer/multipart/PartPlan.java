package io.dataproxy.signer.multipart;

import io.dataproxy.signer.RequestRejected;
import io.dataproxy.signer.config.SignerConfig;

/**
 * How an upload of {@code total} bytes is cut: parts of {@code partSize} bytes, the last holding the rest. Within S3's
 * limits (parts from 5 MiB to 5 GiB, the last may be smaller; at most 10,000 parts; at most 5 TiB in all) and the
 * deployment's {@code dataproxy.upload.maxSize}. Every part URL is signed for its part's length, so the plan bounds
 * what can be uploaded.
 */
public record PartPlan(long total, long partSize, int count) {

    public static final int MAX_PARTS = 10_000;
    public static final long MAX_TOTAL = 5L << 40;
    private static final long MIB = 1L << 20;

    /**
     * @param requested the request's {@code part_size}, or null for {@code defaultPartSize} (raised, in whole MiB, when
     *                  the total would otherwise need more than 10,000 parts)
     * @throws RequestRejected INVALID_ARGUMENT saying which limit and what would fit
     */
    public static PartPlan of(long total, Long requested, long defaultPartSize, long maxSize) {
        if (total < 1) {
            throw RequestRejected.invalid("content_length must be at least 1 byte; was " + total);
        }
        if (total > maxSize) {
            throw RequestRejected.invalid("content_length must be at most " + maxSize + " bytes (dataproxy.upload.maxSize); was "
                    + total);
        }
        if (total > MAX_TOTAL) {
            throw RequestRejected.invalid("content_length must be at most 5 TiB (" + MAX_TOTAL + " bytes), the largest object S3"
                    + " holds; was " + total);
        }
        long smallestFitting = ceilDiv(total, MAX_PARTS);
        long partSize;
        if (requested == null) {
            partSize = Math.max(defaultPartSize, ceilDiv(smallestFitting, MIB) * MIB);
        } else {
            partSize = requested;
            if (partSize > SignerConfig.MAX_PART_SIZE || partSize < 1) {
                throw RequestRejected.invalid("part_size must be from 5 MiB (" + SignerConfig.MIN_PART_SIZE + " bytes) to 5 GiB ("
                        + SignerConfig.MAX_PART_SIZE + " bytes), S3's bounds for a part; was " + partSize);
            }
            if (partSize < SignerConfig.MIN_PART_SIZE && partSize < total) {
                throw RequestRejected.invalid("part_size must be at least 5 MiB (" + SignerConfig.MIN_PART_SIZE + " bytes) when"
                        + " the upload has more than one part: S3 refuses smaller parts except the last; was " + partSize);
            }
            if (partSize < smallestFitting) {
                throw RequestRejected.invalid("part_size " + partSize + " cuts " + total + " bytes into " + ceilDiv(total, partSize)
                        + " parts; S3 allows at most " + MAX_PARTS + ", so part_size must be at least " + smallestFitting);
            }
        }
        partSize = Math.min(partSize, total);
        return new PartPlan(total, partSize, (int) ceilDiv(total, partSize));
    }

    /** The length of part {@code number} (1-based). */
    public long sizeOf(int number) {
        if (number < 1 || number > count) {
            throw new IllegalArgumentException("part " + number + " of " + count);
        }
        return number < count ? partSize : total - partSize * (count - 1L);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
