package io.dataproxy.cli.url;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataproxy.avro.url.CreateUploadLocation;
import io.dataproxy.avro.url.UploadLocation;
import io.dataproxy.cli.CliCommand;
import io.dataproxy.cli.CliFailure;
import io.dataproxy.cli.ConnectionOptions;
import io.dataproxy.cli.ConnectionSettings;
import io.dataproxy.cli.ExitCodes;
import io.dataproxy.cli.Json;
import io.dataproxy.client.UrlClient;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "upload", mixinStandardHelpOptions = true,
        description = "Uploads a file: asks the signer worker for an upload location (with the file's MD5 and size, "
                + "which the signed URL binds), PUTs the file there, prints its native URL (s3://bucket/key).")
public final class UploadCommand extends CliCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to upload.")
    Path file;

    @Option(names = "--project", required = true, description = "Project the file belongs to.")
    String project;

    @Option(names = "--domain", required = true, description = "Domain the file belongs to (e.g. development).")
    String domain;

    @Option(names = "--org", description = "Organization, if your deployment uses them.")
    String org;

    @Option(names = "--name", paramLabel = "N", description = "The object's file name (default: FILE's name).")
    String name;

    @Option(names = "--no-progress", description = "Do not show progress.")
    boolean noProgress;

    @Mixin
    ConnectionOptions connection;

    @Override
    protected int run() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw CliFailure.usage("no such file: " + file, "check the path");
        }
        ConnectionSettings settings = connection.settings();
        FileDigest digest = FileDigest.of(file);
        CreateUploadLocation request = CreateUploadLocation.newBuilder()
                .setOrg(org)
                .setProject(project)
                .setDomain(domain)
                .setFilename(name != null ? name : file.getFileName().toString())
                .setContentMd5(ByteBuffer.wrap(digest.md5()))
                .setContentLength(digest.size())
                .build();
        UploadLocation location;
        try (UrlClient urls = SignerConnection.open(settings)) {
            location = urls.createUploadLocation(request, settings.timeout()).join();
        }
        Progress progress = new Progress("upload " + file.getFileName(), digest.size(), err(),
                Progress.onTerminal(), !noProgress);
        new ObjectTransfer(settings.timeout()).put(location.getSignedUrl(), location.getHeaders(), file, digest.size(),
                progress);
        progress.finish();
        if (json) {
            ObjectNode result = Json.object();
            result.put("native_url", location.getNativeUrl());
            result.put("size", digest.size());
            result.put("content_md5", Base64.getEncoder().encodeToString(digest.md5()));
            result.put("md5_hex", HexFormat.of().formatHex(digest.md5()));
            out().println(Json.line(result));
        } else {
            out().println(location.getNativeUrl());
        }
        return ExitCodes.OK;
    }
}
