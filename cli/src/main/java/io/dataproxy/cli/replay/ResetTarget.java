package io.dataproxy.cli.replay;

import io.dataproxy.cli.CliFailure;
import io.dataproxy.config.ConfigException;
import io.dataproxy.config.GoDuration;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Where a consumer group's offsets move to. */
sealed interface ResetTarget {

    /** For messages: "the beginning", "offset 42", "2026-05-01T10:00:00Z". */
    String describe();

    record Beginning() implements ResetTarget {
        public String describe() {
            return "the beginning";
        }
    }

    record End() implements ResetTarget {
        public String describe() {
            return "the end";
        }
    }

    /** Clamped to each partition's earliest and latest offsets. */
    record Offset(long offset) implements ResetTarget {
        public String describe() {
            return "offset " + offset;
        }
    }

    /** The first record at or after the time; the end where there is none. */
    record Time(Instant time) implements ResetTarget {
        public String describe() {
            return time.toString();
        }
    }

    /** An ISO-8601 instant or date-time with offset, or a duration meaning "that long ago" (e.g. 2h, 30m). */
    static Time parseTime(String text, Clock clock) {
        try {
            return new Time(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException notADateTime) {
            try {
                return new Time(clock.instant().minus(GoDuration.parse("--to-time", text)));
            } catch (ConfigException notADuration) {
                throw CliFailure.usage("--to-time " + text + " is neither a time nor a duration",
                        "give e.g. 2026-05-01T10:00:00Z, or 2h for two hours ago");
            }
        }
    }
}
