package io.dataproxy.signer.answer;

/**
 * Waits between retries of something that did not fail for the record's sake (a schema registry or a cluster that
 * cannot be reached): 250 ms, doubling up to 10 s. One per retried operation; not thread-safe.
 */
public final class Backoff {

    private static final long FIRST_MILLIS = 250;
    private static final long MAX_MILLIS = 10_000;

    private long nextMillis = FIRST_MILLIS;

    /** How long the next {@link #pause()} waits. */
    public long nextMillis() {
        return nextMillis;
    }

    public void pause() throws InterruptedException {
        Thread.sleep(nextMillis);
        nextMillis = Math.min(nextMillis * 2, MAX_MILLIS);
    }
}
