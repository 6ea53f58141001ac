package io.dataproxy.catalog.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import io.dataproxy.avro.catalog.DatasetId;

/** GETs against the catalog's read path, answers as JSON, for the tests. */
final class HttpReads {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    record Answer(int status, JsonNode json, HttpResponse<String> response) {
        String code() {
            return json.path("code").asText(null);
        }

        String servedBy() {
            return response.headers().firstValue("Dataproxy-Served-By").orElse(null);
        }
    }

    private HttpReads() {
    }

    /** The dataset's parameters: {@code project=...&domain=...&name=...&version=...}. */
    static String dataset(DatasetId id) {
        return query(Map.of("project", id.getProject(), "domain", id.getDomain(), "name", id.getName(), "version", id.getVersion()));
    }

    static String query(Map<String, String> parameters) {
        return parameters.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    static Answer get(String url, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(url)).headers(headers.length == 0 ? new String[] {"Accept", "application/json"} : headers)
                .timeout(Duration.ofSeconds(30)).GET().build());
    }

    static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), json, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
