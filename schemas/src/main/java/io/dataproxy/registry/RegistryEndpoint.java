package io.dataproxy.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One base URL of a registry with its optional basic-auth header. The URL kept here never carries user info,
 * so it can be logged and put into exception messages; the password lives only in {@link #authorization()}.
 */
final class RegistryEndpoint {

    private final String baseUrl;
    private final String user;
    private final String authorization;

    private RegistryEndpoint(String baseUrl, String user, String authorization) {
        this.baseUrl = baseUrl;
        this.user = user;
        this.authorization = authorization;
    }

    /**
     * @param url          e.g. {@code http://host:8081} or {@code http://user:pw@host:8081}
     * @param userInfo     {@code user:password} that overrides any user info in the URL; null to use the URL's
     */
    static RegistryEndpoint parse(String url, String userInfo) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            // the input may hold a password: do not echo it
            throw new IllegalArgumentException("schema registry URL is not a valid URI (" + e.getReason() + ")");
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("schema registry URL needs a scheme and a host, e.g. http://host:8081");
        }
        String credentials = userInfo != null ? userInfo : uri.getUserInfo();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        String base = uri.getScheme() + "://" + hostOf(uri) + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + path;
        if (credentials == null || credentials.isEmpty()) {
            return new RegistryEndpoint(base, null, null);
        }
        int colon = credentials.indexOf(':');
        String user = colon < 0 ? credentials : credentials.substring(0, colon);
        String header = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        return new RegistryEndpoint(base, user, header);
    }

    private static String hostOf(URI uri) {
        String host = uri.getHost();
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    String baseUrl() {
        return baseUrl;
    }

    /** The {@code Authorization} header value, or null without credentials. */
    String authorization() {
        return authorization;
    }

    /** For toString: the user name, never the password. */
    String describe() {
        return user == null ? baseUrl : baseUrl + " (basic auth as '" + user + "')";
    }

    @Override
    public String toString() {
        return describe();
    }
}
