package io.dataproxy.catalog;

import io.dataproxy.avro.catalog.Artifact;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * The value of a ListArtifacts index entry: what a listing judges an artifact by before it loads it, its
 * {@code expires_at} and its partitions. So expired artifacts and artifacts a partition filter leaves out cost a
 * step of the index scan, not a read of their value.
 *
 * <p>Encoded with Avro's binary primitives (a boolean, an optional long, a map of strings), without a schema in
 * the registry: only this class reads it, and the index is rebuilt from the artifacts, never restored ({@link CatalogStores}).
 *
 * @param expiresAt  {@code null}: never expires
 * @param partitions the artifact's partition values, fixed at its creation
 */
public record ListingEntry(Long expiresAt, Map<String, String> partitions) {

    public ListingEntry {
        partitions = Map.copyOf(partitions);
    }

    static ListingEntry of(Artifact artifact) {
        return new ListingEntry(Lifetimes.millis(artifact.getExpiresAt()), artifact.getPartitions());
    }

    /** Live strictly before {@code expires_at}, as {@link Lifetimes#isLive(Artifact, long)}. */
    boolean isLive(long at) {
        return expiresAt == null || expiresAt > at;
    }

    /** Whether every filter names a partition the artifact has, with that value. */
    boolean matches(Map<String, String> filters) {
        for (Map.Entry<String, String> filter : filters.entrySet()) {
            if (!filter.getValue().equals(partitions.get(filter.getKey()))) {
                return false;
            }
        }
        return true;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16);
        BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            out.writeBoolean(expiresAt != null);
            if (expiresAt != null) {
                out.writeLong(expiresAt);
            }
            out.writeMapStart();
            out.setItemCount(partitions.size());
            for (Map.Entry<String, String> partition : partitions.entrySet()) {
                out.startItem();
                out.writeString(partition.getKey());
                out.writeString(partition.getValue());
            }
            out.writeMapEnd();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    static ListingEntry fromBytes(byte[] bytes) {
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(bytes, null);
        try {
            Long expiresAt = in.readBoolean() ? in.readLong() : null;
            Map<String, String> partitions = new HashMap<>();
            for (long n = in.readMapStart(); n > 0; n = in.mapNext()) {
                for (long i = 0; i < n; i++) {
                    partitions.put(in.readString(), in.readString());
                }
            }
            return new ListingEntry(expiresAt, partitions);
        } catch (IOException e) {
            throw new IllegalStateException("a listing index entry that is not one (" + bytes.length + " bytes)", e);
        }
    }
}
