package io.dataproxy.bench.recovery;

import io.dataproxy.config.GoDuration;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@link RecoveryBenchmark} runs with: its class comment lists the arguments. */
record RecoveryOptions(String service, int instances, int partitions, double rate, Duration warmup, Duration after,
                       boolean restart, boolean isStatic, Map<String, String> env, String maxRam) {

    static RecoveryOptions parse(String[] args) {
        String service = null;
        int instances = 2;
        int partitions = 6;
        double rate = 100;
        Duration warmup = Duration.ofSeconds(20);
        Duration after = Duration.ofSeconds(60);
        boolean restart = false;
        boolean isStatic = false;
        Map<String, String> env = new LinkedHashMap<>();
        String maxRam = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--service" -> service = args[++i];
                case "--instances" -> instances = Integer.parseInt(args[++i]);
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Double.parseDouble(args[++i]);
                case "--warmup" -> warmup = GoDuration.parse("--warmup", args[++i]);
                case "--after" -> after = GoDuration.parse("--after", args[++i]);
                case "--restart" -> restart = true;
                case "--static" -> isStatic = true;
                case "--max-ram" -> maxRam = args[++i];
                case "--env" -> {
                    String[] kv = args[++i].split("=", 2);
                    env.put(kv[0], kv[1]);
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; see RecoveryBenchmark's class comment");
            }
        }
        if (!"signer".equals(service) && !"catalog".equals(service)) {
            throw new IllegalArgumentException("--service signer|catalog is required");
        }
        if (maxRam == null) {
            maxRam = service.equals("signer") ? "512m" : "1g"; // the chart's memory limits
        }
        return new RecoveryOptions(service, instances, partitions, rate, warmup, after, restart, isStatic, env, maxRam);
    }
}
