package io.dataproxy.catalog.query;

import io.dataproxy.config.ConfigException;
import io.dataproxy.config.LayeredConfig;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code catalog.read.*}: the HTTP/JSON read path ({@link ReadEndpoint}). Off unless {@code enabled}; then it
 * listens on {@code port} (0: a free one) and tells the other instances, through Kafka Streams'
 * {@code application.server}, that it is reached at {@code advertisedHost} and that port.
 *
 * @param advertisedHost empty: this machine's host name
 * @param maxWait        the longest a read may wait for a write's position ({@code wait=} is capped to it)
 * @param forwardTimeout how long a forwarded read may take beyond its own wait
 * @param threads        threads for reads that wait for a position, one each (the others are answered on the
 *                       server's event loops)
 * @param maxConnections connections open at once; one more is answered 503 and closed (a flood of connections
 *                       must not take the file descriptors RocksDB and the Kafka clients of the same process need)
 */
public record ReadConfig(boolean enabled, int port, Optional<String> advertisedHost, Duration maxWait,
                         Duration forwardTimeout, int threads, int maxConnections) {

    public static ReadConfig from(LayeredConfig c) {
        Optional<String> host = c.optionalString("catalog.read.advertisedHost");
        host.ifPresent(h -> {
            if (!h.matches("[A-Za-z0-9._-]{1,253}")) {
                throw new ConfigException("catalog.read.advertisedHost", "must be a host name or IPv4 address (letters, digits, "
                        + "'.', '-', '_'), without a scheme or port; was '" + h + "'");
            }
        });
        Duration maxWait = c.positiveDuration("catalog.read.maxWait");
        if (maxWait.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new ConfigException("catalog.read.maxWait", "must be at most 1m: a waiting read holds one of catalog.read.threads");
        }
        return new ReadConfig(c.bool("catalog.read.enabled"), c.integer("catalog.read.port", 0, 65_535), host, maxWait,
                c.positiveDuration("catalog.read.forwardTimeout"), c.integer("catalog.read.threads", 1, 256),
                c.integer("catalog.read.maxConnections", 1, 65_535));
    }

    /** Off: for code that builds a configuration without the read path. */
    public static ReadConfig disabled() {
        return new ReadConfig(false, 0, Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(2), 1, 1);
    }
}
