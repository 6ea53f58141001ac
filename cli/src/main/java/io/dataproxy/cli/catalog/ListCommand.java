package io.dataproxy.cli.catalog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataproxy.avro.catalog.Artifact;
import io.dataproxy.avro.catalog.ArtifactPage;
import io.dataproxy.avro.catalog.Dataset;
import io.dataproxy.avro.catalog.DatasetPage;
import io.dataproxy.avro.catalog.ListArtifacts;
import io.dataproxy.avro.catalog.ListDatasets;
import io.dataproxy.cli.CliFailure;
import io.dataproxy.cli.ExitCodes;
import io.dataproxy.cli.Json;
import io.dataproxy.client.CatalogReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

// no standard --version flag here: --version is the dataset filter
@Command(name = "list",
        description = {"With --dataset: its live artifacts, newest first (filter by --tag and --partition). Without: the "
                + "datasets (filter by --project, --domain, --name, --version, --org; served from a global view, so a "
                + "dataset created a moment ago may show a moment later).",
                "One page (--limit) at a time; when there is more it says how to get the next page. --all follows the "
                        + "pages to the end."})
final class ListCommand extends CatalogSubcommand {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-d", "--dataset"}, paramLabel = "P/D/N/V",
            description = "List this dataset's artifacts: PROJECT/DOMAIN/NAME/VERSION.")
    String dataset;

    @Option(names = "--org", paramLabel = "ORG", description = "The dataset's organization; without --dataset, a filter.")
    String org;

    @Option(names = "--tag", paramLabel = "TAG", description = "Artifacts: only the one this tag points to.")
    String tag;

    @Option(names = "--partition", paramLabel = "KEY=VALUE", description = "Artifacts: only those with this partition value. Repeatable.")
    Map<String, String> partitions = new LinkedHashMap<>();

    @Option(names = "--project", paramLabel = "P", description = "Datasets: only this project.")
    String project;

    @Option(names = "--domain", paramLabel = "D", description = "Datasets: only this domain.")
    String domain;

    @Option(names = "--name", paramLabel = "N", description = "Datasets: only this name.")
    String name;

    @Option(names = "--version", paramLabel = "V", description = "Datasets: only this version.")
    String version;

    @Option(names = "--limit", paramLabel = "N", description = "Page size, 1 to 1000 (default: the catalog's, 50).")
    Integer limit;

    @Option(names = "--page-token", paramLabel = "TOKEN", description = "Start at this page (from the previous page).")
    String pageToken;

    @Option(names = "--all", description = "Follow the pages to the end.")
    boolean all;

    /** Artifacts only: datasets are listed from a view every instance has, over Kafka. */
    @Mixin
    ReadUrlOption read;

    @Override
    protected int execute() {
        if (limit != null && (limit < 1 || limit > 1000)) {
            throw CliFailure.usage("--limit " + limit + " is out of range", "use 1 to 1000");
        }
        return dataset != null ? artifacts() : datasets();
    }

    private int artifacts() {
        if (project != null || domain != null || name != null || version != null) {
            throw CliFailure.usage("--project, --domain, --name and --version filter datasets",
                    "drop them to list the artifacts of --dataset, or drop --dataset to list datasets");
        }
        ListArtifacts.Builder query = ListArtifacts.newBuilder().setDataset(DatasetOption.parse(dataset, org))
                .setTagName(tag).setPartitions(partitions);
        if (limit != null) {
            query.setLimit(limit);
        }
        List<Artifact> artifacts = new ArrayList<>();
        String token = pageToken;
        Optional<URI> readUrl = read.url(System.getenv());
        CatalogReader reader = readUrl.map(this::reader).orElse(null);
        do {
            ListArtifacts request = query.setPageToken(token).build();
            ArtifactPage page = await(reader != null ? reader.listArtifacts(request, null) : catalog().listArtifacts(request));
            artifacts.addAll(page.getArtifacts());
            token = page.getNextPageToken();
        } while (all && token != null);
        if (json) {
            ObjectNode result = Json.object();
            ArrayNode list = result.putArray("artifacts");
            artifacts.forEach(a -> list.add(view.json(a)));
            result.put("next_page_token", token);
            out().println(Json.line(result));
        } else {
            view.artifactTable(artifacts).print(out());
            moreHint(token);
        }
        return ExitCodes.OK;
    }

    private int datasets() {
        if (tag != null || !partitions.isEmpty()) {
            throw CliFailure.usage("--tag and --partition filter the artifacts of a dataset", "add --dataset P/D/N/V");
        }
        ListDatasets.Builder query = ListDatasets.newBuilder().setOrg(org).setProject(project).setDomain(domain)
                .setName(name).setVersion(version);
        if (limit != null) {
            query.setLimit(limit);
        }
        List<Dataset> datasets = new ArrayList<>();
        String token = pageToken;
        do {
            DatasetPage page = await(catalog().listDatasets(query.setPageToken(token).build()));
            datasets.addAll(page.getDatasets());
            token = page.getNextPageToken();
        } while (all && token != null);
        if (json) {
            ObjectNode result = Json.object();
            ArrayNode list = result.putArray("datasets");
            datasets.forEach(d -> list.add(view.json(d)));
            result.put("next_page_token", token);
            out().println(Json.line(result));
        } else {
            view.datasetTable(datasets).print(out());
            moreHint(token);
        }
        return ExitCodes.OK;
    }

    /** On stderr, so the table on stdout stays a table for scripts. */
    private void moreHint(String token) {
        if (token != null) {
            err().println("more: add --page-token " + token + " for the next page, or --all for every page");
            err().flush();
        }
    }
}
