package io.dataproxy.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * A page of a listing, cut by count ({@code limit}) and by bytes: it stops before the entry that would make the
 * reply exceed its room, and the page token continues from there. A page is never empty while entries remain; an
 * entry too large for any reply on its own is an error rather than an empty page with a token.
 */
final class PageCut {

    /** A page's array framing and token union, beyond its entries and the token's characters. */
    private static final int FRAMING = 16;

    private PageCut() {
    }

    record Page<T>(List<T> entries, boolean more) {
    }

    /**
     * @param candidates the entries after the page token, in order (at least {@code limit + 1} when there are more)
     * @param room       bytes the reply has for the page's entries and its token
     * @param tokenOf    the token that would continue after an entry
     * @param describe   names an entry in the error when it cannot fit alone
     */
    static <T extends SpecificRecord> Page<T> of(List<T> candidates, int limit, long room, Function<T, String> tokenOf,
                                                 Function<T, String> describe) {
        List<T> page = new ArrayList<>();
        long used = FRAMING;
        for (T entry : candidates) {
            if (page.size() == limit) {
                return new Page<>(page, true);
            }
            long size = EncodedSize.of(entry);
            long token = tokenOf.apply(entry).length() + 5; // ASCII (base64url), with its varint length
            if (used + size + token > room) {
                if (page.isEmpty()) {
                    throw CatalogException.invalid(describe.apply(entry) + " takes " + size + " bytes, more than the " + room
                            + " a reply to this request can hold beside its request_id, kafka_correlationId and key;"
                            + " it cannot be listed");
                }
                return new Page<>(page, true);
            }
            used += size;
            page.add(entry);
        }
        return new Page<>(page, false);
    }
}
