package io.dataproxy.catalog;

import org.apache.avro.specific.SpecificRecord;

/**
 * The most bytes (Avro-encoded) an artifact, dataset or reservation may take when a write stores it: what keeps the
 * write's reply, its events and its changelog records within Kafka's limits, so that no write is applied whose
 * outputs could not be written. Checked before the first write.
 *
 * @param bytes  the bound
 * @param source what sets it, for the refusal's message
 */
record SizeBound(long bytes, String source) {

    /** @throws CatalogException {@code INVALID_ARGUMENT} when {@code record} is larger than the bound */
    void require(SpecificRecord record, String what) {
        long size = EncodedSize.of(record);
        if (size > bytes) {
            throw CatalogException.invalid(what + " would take " + size + " bytes encoded, over the " + bytes + " allowed ("
                    + source + "); store large data in storage and reference it by uri");
        }
    }

    /** The tighter of the two. */
    SizeBound min(SizeBound other) {
        return other.bytes < bytes ? other : this;
    }
}
