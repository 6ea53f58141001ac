package io.dataproxy.cli.sandbox;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Ctrl-C and SIGTERM as a request to stop, handled by the main thread: the sandbox (or the bench's baselines) then
 * closes every part in order and exits 0. With the JVM's default handling the work would happen in shutdown hooks and the exit status would be
 * 130/143 even after a clean stop. A second signal while stopping forces the exit.
 */
public final class StopSignal {

    private static final Logger log = LoggerFactory.getLogger(StopSignal.class);
    private static final int FORCED_EXIT = 130;

    private final CountDownLatch requested = new CountDownLatch(1);
    private final AtomicInteger signals = new AtomicInteger();

    public static StopSignal install() {
        StopSignal stop = new StopSignal();
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> stop.onSignal(name));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // e.g. -Xrs, or a platform without the signal: the JVM's own handling (shutdown hooks) remains
                log.debug("cannot handle SIG{}: {}", name, e.toString());
            }
        }
        return stop;
    }

    private void onSignal(String name) {
        if (signals.incrementAndGet() > 1) {
            System.err.println("dataproxy: SIG" + name + " again, exiting without a clean stop");
            Runtime.getRuntime().halt(FORCED_EXIT);
        }
        requested.countDown();
    }

    public void await() throws InterruptedException {
        requested.await();
    }
}
