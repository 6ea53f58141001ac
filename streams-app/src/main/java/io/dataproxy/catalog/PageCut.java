package io.dataproxy.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * A page of a listing, cut by count ({@code limit}) and by bytes: it stops before the entry that would make the
 * reply exceed its room, and the page token continues from there. A page is never cut empty: an entry too large
 * for any reply on its own is an error rather than an empty page with a token.
 *
 * <p>Entries are offered one at a time ({@link #add}), so a listing can load an entry only when the page may
 * take it, and holds no more than the page.
 */
final class PageCut<T extends SpecificRecord> {

    /** A page's array framing and token union, beyond its entries and the token's characters. */
    private static final int FRAMING = 16;

    private final int limit;
    private final long room;
    private final Function<T, String> describe;
    private final List<T> entries = new ArrayList<>();
    private long used = FRAMING;

    /**
     * @param room     bytes the reply has for the page's entries and its token
     * @param describe names an entry in the error when it cannot fit alone
     */
    PageCut(int limit, long room, Function<T, String> describe) {
        this.limit = limit;
        this.room = room;
        this.describe = describe;
    }

    record Page<T>(List<T> entries, boolean more) {
    }

    /** Whether the page has {@code limit} entries. */
    boolean full() {
        return entries.size() == limit;
    }

    /**
     * Adds the entry when the page is not full and the reply has room for it and for the token after it.
     *
     * @param tokenAfter the token that would continue after this entry
     * @return false, adding nothing, when the page is full or the entry would not fit: the page ends before it
     * @throws CatalogException when the entry would not fit even on a page of its own
     */
    boolean add(T entry, String tokenAfter) {
        if (full()) {
            return false;
        }
        long size = EncodedSize.of(entry);
        long token = tokenAfter.length() + 5; // ASCII (base64url), with its varint length
        if (used + size + token > room) {
            if (entries.isEmpty()) {
                throw CatalogException.invalid(describe.apply(entry) + " takes " + size + " bytes, more than the " + room
                        + " a reply to this request can hold beside its request_id, kafka_correlationId and key;"
                        + " it cannot be listed");
            }
            return false;
        }
        used += size;
        entries.add(entry);
        return true;
    }

    List<T> entries() {
        return entries;
    }

    /**
     * @param candidates the entries after the page token, in order (at least {@code limit + 1} when there are more)
     * @param tokenOf    the token that would continue after an entry
     */
    static <T extends SpecificRecord> Page<T> of(List<T> candidates, int limit, long room, Function<T, String> tokenOf,
                                                 Function<T, String> describe) {
        PageCut<T> cut = new PageCut<>(limit, room, describe);
        for (T entry : candidates) {
            if (!cut.add(entry, tokenOf.apply(entry))) {
                return new Page<>(cut.entries(), true);
            }
        }
        return new Page<>(cut.entries(), false);
    }
}
