package io.dataproxy.cli.sandbox;

import java.nio.file.Path;

/**
 * How the sandbox runs. The S3 credentials are the sandbox's own throwaway pair: fixed, so that a signed URL
 * printed before a restart still works after it, and printed on the ready line.
 */
public record SandboxSettings(Path dataDir, int kafkaPort, int s3Port, int registryPort, int catalogReadPort, boolean clean) {

    static final String BUCKET = "dataproxy";
    static final String S3_ACCESS_KEY = "sandbox";
    static final String S3_SECRET_KEY = "sandbox-secret-key";
}
