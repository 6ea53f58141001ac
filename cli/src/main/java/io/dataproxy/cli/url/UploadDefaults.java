package io.dataproxy.cli.url;

import io.dataproxy.cli.CliFailure;
import io.dataproxy.config.ByteSize;
import io.dataproxy.config.ConfigException;
import java.util.Map;

/**
 * The upload command's tuning, from the first source that gives it: the flag, the environment variable, the config
 * file's {@code upload.*} property, the default (the order {@link io.dataproxy.cli.ConnectionSettings} follows).
 */
final class UploadDefaults {

    private final Map<String, String> env;
    private final Map<String, String> file;

    UploadDefaults(Map<String, String> env, Map<String, String> fileUploadProperties) {
        this.env = env;
        this.file = fileUploadProperties;
    }

    String text(String flag, String envName, String fileKey, String fallback) {
        for (String candidate : new String[] {flag, env.get(envName), file.get(fileKey)}) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate.strip();
            }
        }
        return fallback;
    }

    long size(String option, String flag, String envName, String fileKey, String fallback) {
        return parseSize(option + " (or " + envName + ", upload." + fileKey + ")", text(flag, envName, fileKey, fallback));
    }

    int count(String option, String flag, String envName, String fileKey, int fallback, int max) {
        String text = text(flag, envName, fileKey, String.valueOf(fallback));
        String where = option + " (or " + envName + ", upload." + fileKey + ")";
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // explained below
        }
        throw CliFailure.usage(where + " must be from 1 to " + max + "; was '" + text + "'", "pick a number of parts in flight");
    }

    static long parseSize(String what, String text) {
        try {
            return ByteSize.parse(what, text);
        } catch (ConfigException e) {
            throw CliFailure.usage(e.getMessage(), "write a size such as 64Mi, 1Gi or 100000000");
        }
    }
}
