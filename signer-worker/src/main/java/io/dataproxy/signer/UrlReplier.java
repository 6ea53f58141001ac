package io.dataproxy.signer;

import io.dataproxy.avro.url.UrlReply;
import io.dataproxy.avro.url.UrlRequest;

/**
 * What {@link SignerWorker} asks of each request: its reply. Must not throw; every outcome is a reply.
 * {@link UrlRequestHandler} validates and signs; a benchmark's echo replier does no work, so it measures
 * the worker's transport (consume, decode, encode, produce, commit) alone.
 */
@FunctionalInterface
public interface UrlReplier {

    UrlReply handle(UrlRequest request);
}
