package io.dataproxy.cleanup;

import io.dataproxy.storage.ObjectLocation;
import java.util.List;
import java.util.Set;

/**
 * Where the clean-up may delete: objects in one of {@code buckets} whose key starts with one of
 * {@code prefixes} (plain string prefixes, as in S3 lifecycle rules: end one with {@code /} to mean a folder).
 */
public record DeletionScope(Set<String> buckets, List<String> prefixes) {

    public DeletionScope {
        buckets = Set.copyOf(buckets);
        prefixes = List.copyOf(prefixes);
    }

    public boolean permits(ObjectLocation location) {
        return buckets.contains(location.bucket())
                && prefixes.stream().anyMatch(location.key()::startsWith)
                && !escapesItsPrefix(location.key());
    }

    /** S3 keys are literal, but a file-backed store may resolve {@code uploads/../x} to {@code x}. */
    private static boolean escapesItsPrefix(String key) {
        List<String> segments = List.of(key.split("/", -1));
        return segments.contains("..") || segments.contains(".");
    }

    @Override
    public String toString() {
        return "buckets " + buckets + ", prefixes " + prefixes;
    }
}
