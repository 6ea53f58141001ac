package io.dataproxy.deploy;

import io.dataproxy.wire.TopicContract;
import io.dataproxy.wire.TopicSpec;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the topic contract ({@link TopicContract}) declares, as deployment files must create it: every topic by its
 * default name with the settings it requires, and the dead-letter topic of each topic a service consumes.
 */
final class ContractTopics {

    private ContractTopics() {
    }

    /** Topic name → the settings it must be created with. */
    static Map<String, Map<String, String>> expected() {
        Map<String, Map<String, String>> topics = new TreeMap<>();
        for (TopicSpec spec : TopicContract.ALL) {
            topics.put(spec.defaultName(), spec.requiredConfigs());
            spec.deadLetterTopic(spec.defaultName()).ifPresent(dlt -> topics.put(dlt, Map.of()));
        }
        return topics;
    }
}
