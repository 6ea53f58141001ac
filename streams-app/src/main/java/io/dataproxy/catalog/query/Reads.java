package io.dataproxy.catalog.query;

import java.util.concurrent.CompletableFuture;

/** What answers one read request of the HTTP side ({@link ReadHandler}): the running catalog's {@link ReadRouter}. */
interface Reads {

    /**
     * @param target      the request target as received: {@code /catalog/v1/artifact?...} (or an absolute URI)
     * @param forwardedBy the {@value Forwarder#FORWARDED_BY} header, {@code null} when the client asked us directly
     * @return the answer, complete unless the read must wait; never failed with an exception
     */
    CompletableFuture<ReadReply> answer(String target, String forwardedBy);
}
