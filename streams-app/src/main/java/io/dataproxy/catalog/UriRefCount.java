package io.dataproxy.catalog;

/**
 * A uri's entry in {@code catalog-uri-refs}: the number of live artifacts referencing it, across all datasets,
 * and, once that number has dropped to 0, when its release is due. An absent entry means no references and
 * nothing pending.
 *
 * <p>The due time is what keeps an old index entry from releasing early: a uri that drops to 0, is referenced
 * again, then drops to 0 a second time has two {@link ReleaseKey}s; only the one whose {@code dueAt} this entry
 * still holds may publish.
 *
 * @param references   live references; 0 only while a release is pending
 * @param releaseDueAt the pending release's {@link ReleaseKey#dueAt()}, or {@link #NO_RELEASE} while referenced
 */
public record UriRefCount(long references, long releaseDueAt) {

    public static final long NO_RELEASE = Long.MIN_VALUE;

    public static UriRefCount referenced(long references) {
        return new UriRefCount(references, NO_RELEASE);
    }

    public static UriRefCount releasing(long dueAt) {
        return new UriRefCount(0, dueAt);
    }

    public boolean releasePending() {
        return references == 0 && releaseDueAt != NO_RELEASE;
    }

    /** Whether the index entry due at {@code dueAt} is this uri's latest scheduled release, still unreferenced. */
    public boolean releasesAt(long dueAt) {
        return releasePending() && releaseDueAt == dueAt;
    }
}
