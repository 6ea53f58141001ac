package io.dataproxy.signer;

import io.dataproxy.avro.common.ErrorCode;
import java.time.Clock;
import java.time.Instant;

/** A request's deadline, if it has one. Past it, the worker answers DEADLINE_EXCEEDED instead of signing. */
public record Deadline(Instant at, Clock clock) {

    public static Deadline none(Clock clock) {
        return new Deadline(null, clock);
    }

    public void check() {
        if (at != null && !clock.instant().isBefore(at)) {
            throw new RequestRejected(ErrorCode.DEADLINE_EXCEEDED,
                    "the request's deadline " + at + " passed before it could be served; nothing was signed");
        }
    }
}
