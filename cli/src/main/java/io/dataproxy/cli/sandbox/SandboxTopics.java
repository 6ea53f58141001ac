package io.dataproxy.cli.sandbox;

import java.util.List;

/** The topics the sandbox creates (conventions.md), with the dead-letter topics of everything a service consumes. */
final class SandboxTopics {

    static final int PARTITIONS = 3;

    static final List<String> ALL = List.of(
            "dataproxy.url.requests", "dataproxy.url.replies", "dataproxy.url.requests-dlt",
            "catalog.commands", "catalog.replies", "catalog.events",
            "catalog.commands-dlt", "catalog.events-dlt");

    private SandboxTopics() {
    }
}
