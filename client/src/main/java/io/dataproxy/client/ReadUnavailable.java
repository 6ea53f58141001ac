package io.dataproxy.client;

/**
 * The catalog's read path could not answer within the reader's timeout: no instance owned the dataset's partition or
 * could read its stores (a rebalance, a restore). Retrying later, or over the Kafka path, may succeed.
 */
public final class ReadUnavailable extends RuntimeException {

    public ReadUnavailable(String message) {
        super("UNAVAILABLE: " + message);
    }
}
