package io.dataproxy.cli.sandbox;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * What the sandbox shows on the terminal: warnings, except the broker's, which warns about routine events of a
 * one-node cluster (bootstrapping an empty metadata log, closing clients twice on stop). Its errors still show;
 * everything is in sandbox.log.
 */
final class ConsoleNoiseFilter extends Filter<ILoggingEvent> {

    @Override
    public FilterReply decide(ILoggingEvent event) {
        String logger = event.getLoggerName();
        boolean broker = logger.startsWith("org.apache.kafka") || logger.startsWith("kafka.");
        Level threshold = broker ? Level.ERROR : Level.WARN;
        return event.getLevel().isGreaterOrEqual(threshold) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
