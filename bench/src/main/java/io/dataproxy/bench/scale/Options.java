package io.dataproxy.bench.scale;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} and {@code --flag} command-line options over defaults. */
final class Options {

    private Options() {
    }

    static Map<String, String> parse(String[] args, Map<String, String> defaults) {
        Map<String, String> options = new HashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option, got " + args[i]);
            }
            String name = args[i].substring(2);
            boolean flag = i + 1 == args.length || args[i + 1].startsWith("--");
            options.put(name, flag ? "true" : args[++i]);
        }
        return options;
    }

    static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
