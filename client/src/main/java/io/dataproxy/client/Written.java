package io.dataproxy.client;

import io.dataproxy.wire.CommandPosition;
import java.util.Optional;

/**
 * A write's result and where the catalog applied it: pass {@link #position()} to {@link CatalogReader} to read the
 * write back from the instance that owns the dataset, once it has applied it (read-your-writes).
 *
 * @param position empty when the reply carried none (a catalog older than the read path)
 */
public record Written<T>(T value, Optional<CommandPosition> position) {
}
