package io.dataproxy.catalog.it;

import io.dataproxy.testkit.Infra;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** What the test schema registry holds, asked over its REST API as an operator would. */
final class Registry {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Registry() {
    }

    /** The body of {@code GET /subjects/{subject}/versions}: the versions, or the registry's "not found" error. */
    static String versions(Infra infra, String subject) throws IOException, InterruptedException {
        URI uri = infra.registryUrl().resolve("/subjects/" + subject + "/versions");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
