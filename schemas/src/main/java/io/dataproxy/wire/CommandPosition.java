package io.dataproxy.wire;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Where a command was applied: its partition and offset in {@code catalog.commands}. The catalog's reply carries it
 * in the {@value #HEADER} header as {@code partition:offset}; a read over HTTP may pass it back ({@code after=})
 * to wait until the instance that owns the dataset has applied that command (docs/wire-contract.md).
 */
public record CommandPosition(int partition, long offset) {

    /** Reply header: UTF-8 {@code partition:offset}. */
    public static final String HEADER = "dataproxy_position";

    /** Longer is not a position: two decimal numbers and a colon. */
    private static final int MAX_CHARS = 32;

    public CommandPosition {
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("a position's partition and offset are not negative");
        }
    }

    /**
     * @throws IllegalArgumentException with a sentence for a person when {@code text} is not {@code partition:offset}
     */
    public static CommandPosition parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon < 1 || text.length() > MAX_CHARS) {
            throw new IllegalArgumentException("a position is partition:offset, as in a write reply's " + HEADER + " header");
        }
        try {
            return new CommandPosition(Integer.parseInt(text.substring(0, colon)), Long.parseLong(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a position is partition:offset (two whole numbers, not negative), as in a "
                    + "write reply's " + HEADER + " header");
        }
    }

    /** The position a reply's headers carry, if any (and well-formed). */
    public static Optional<CommandPosition> of(Headers headers) {
        Header header = headers.lastHeader(HEADER);
        if (header == null || header.value() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(new String(header.value(), StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public byte[] toBytes() {
        return toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return partition + ":" + offset;
    }
}
