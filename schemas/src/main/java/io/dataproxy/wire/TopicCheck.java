package io.dataproxy.wire;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The start-up check that a topic exists with the settings a service relies on. A service that finds its
 * topics otherwise refuses to start, naming the topic and the setting, rather than run with a guarantee that
 * silently does not hold (a command topic stamped by clients' clocks, a dataset topic that expires).
 */
public final class TopicCheck {

    private TopicCheck() {
    }

    /**
     * @param name the configured name of a topic of kind {@code spec}
     * @return the problems found, one sentence each; empty when the topic is as required
     */
    public static List<String> problems(Admin admin, String name, TopicSpec spec, Duration timeout) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        Map<ConfigResource, Config> configs;
        try {
            admin.describeTopics(List.of(name)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            configs = admin.describeConfigs(List.of(resource)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return List.of("topic " + name + " does not exist; create it" + settings(spec));
            }
            return List.of("could not describe topic " + name + ": " + e.getCause());
        } catch (TimeoutException e) {
            return List.of("could not describe topic " + name + " within " + timeout + " (is Kafka reachable?)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("interrupted while describing topic " + name);
        }
        Config config = configs.get(resource);
        List<String> problems = new ArrayList<>();
        spec.requiredConfigs().forEach((key, expected) -> {
            ConfigEntry entry = config == null ? null : config.get(key);
            String actual = entry == null ? null : entry.value();
            if (!expected.equals(actual)) {
                problems.add("topic " + name + " has " + key + "=" + actual + "; it must be " + key + "=" + expected
                        + " (kafka-configs.sh --alter --entity-type topics --entity-name " + name + " --add-config "
                        + key + "=" + expected + ")");
            }
        });
        return problems;
    }

    private static String settings(TopicSpec spec) {
        if (spec.requiredConfigs().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(" with");
        spec.requiredConfigs().forEach((k, v) -> sb.append(" --config ").append(k).append('=').append(v));
        return sb.toString();
    }
}
