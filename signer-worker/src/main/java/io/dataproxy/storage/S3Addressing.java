package io.dataproxy.storage;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a bucket becomes a host and a path in a presigned URL, exactly as the AWS SDK's endpoint rules give it for
 * {@link S3Storage}'s configuration: path-style on an endpoint override, virtual-hosted on AWS. Only the common shapes
 * are modelled; {@link #of} answers null for a configuration whose URLs the SDK must build.
 */
abstract class S3Addressing {

    /** Any region name the SDK passes through unchanged as the signing region of an endpoint override. */
    private static final Pattern PLAIN_REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    /**
     * Regions of the commercial partition, whose virtual-hosted endpoint is {@code bucket.s3.<region>.amazonaws.com}.
     * Not China, GovCloud, ISO or FIPS names: their endpoints differ and the SDK knows them.
     */
    private static final Pattern COMMERCIAL_REGION =
            Pattern.compile("(af|ap|ca|eu|il|me|mx|sa|us)-(central|north|northeast|northwest|south|southeast|southwest|east|west)-\\d+");

    final String scheme;

    S3Addressing(String scheme) {
        this.scheme = scheme;
    }

    /** Whether the SDK addresses this object as this class does (a bucket name it would not put in a host: no). */
    abstract boolean accepts(ObjectLocation location);

    abstract String host(String bucket);

    /** Appends the path up to the key: {@code /} or {@code /bucket/}. */
    abstract void appendPath(String bucket, StringBuilder path);

    /** {@code scheme://host[:port]/bucket/key} on an endpoint override. */
    private static final class PathStyle extends S3Addressing {
        private final String host;
        private final boolean slashPath;

        /** @param slashPath the endpoint ends in {@code /} ({@code http://host:9000/}) */
        PathStyle(String scheme, String host, boolean slashPath) {
            super(scheme);
            this.host = host;
            this.slashPath = slashPath;
        }

        @Override
        boolean accepts(ObjectLocation location) {
            // On an endpoint ending in '/' the SDK drops one leading '/' of the key: another object than named.
            return isDnsBucket(location.bucket(), true) && !(slashPath && location.key().startsWith("/"));
        }

        @Override
        String host(String bucket) {
            return host;
        }

        @Override
        void appendPath(String bucket, StringBuilder path) {
            path.append('/').append(bucket).append('/');
        }
    }

    /** {@code https://bucket.s3.<region>.amazonaws.com/key} ({@code bucket.s3.amazonaws.com} in us-east-1). */
    private static final class VirtualHosted extends S3Addressing {
        private final String hostSuffix;

        VirtualHosted(String region) {
            super("https");
            this.hostSuffix = region.equals("us-east-1") ? ".s3.amazonaws.com" : ".s3." + region + ".amazonaws.com";
        }

        @Override
        boolean accepts(ObjectLocation location) {
            // A dotted bucket would not match the wildcard certificate: the SDK then goes path-style.
            return isDnsBucket(location.bucket(), false);
        }

        @Override
        String host(String bucket) {
            return bucket + hostSuffix;
        }

        @Override
        void appendPath(String bucket, StringBuilder path) {
            path.append('/');
        }
    }

    /** Null when the SDK must sign every request of this configuration. */
    static S3Addressing of(String region, Optional<URI> endpoint) {
        if (endpoint.isEmpty()) {
            return COMMERCIAL_REGION.matcher(region).matches() ? new VirtualHosted(region) : null;
        }
        URI uri = endpoint.get();
        String scheme = uri.getScheme();
        String host = uri.getHost();
        boolean plain = PLAIN_REGION.matcher(region).matches()
                && ("http".equals(scheme) || "https".equals(scheme))
                && host != null && !host.startsWith("[") && host.equals(host.toLowerCase(Locale.ROOT))
                && uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null
                && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"));
        if (!plain) {
            return null;
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return new PathStyle(scheme, defaultPort ? host : host + ":" + port, "/".equals(uri.getRawPath()));
    }

    /** 3 to 63 of {@code a-z 0-9 -} (and {@code .} when dots are allowed), alphanumeric at both ends, no {@code --}. */
    static boolean isDnsBucket(String bucket, boolean dotsAllowed) {
        int n = bucket.length();
        if (n < 3 || n > 63 || bucket.contains("--")) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = bucket.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            boolean inner = i > 0 && i < n - 1 && (c == '-' || (dotsAllowed && c == '.'));
            if (!alnum && !inner) {
                return false;
            }
        }
        return true;
    }
}
