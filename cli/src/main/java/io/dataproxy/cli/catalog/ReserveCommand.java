package io.dataproxy.cli.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataproxy.avro.catalog.Reservation;
import io.dataproxy.avro.catalog.ReservationResult;
import io.dataproxy.avro.catalog.ReservationStatus;
import io.dataproxy.cli.ExitCodes;
import io.dataproxy.cli.Json;
import io.dataproxy.config.GoDuration;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "reserve", mixinStandardHelpOptions = true,
        description = {"Acquires or extends the reservation of a tag for an owner: the lease that lets one worker "
                + "compute a cached value while others wait. Run it again within the heartbeat to keep it.",
                "Exit 0 when OWNER holds it (ACQUIRED); exit 4 when another owner does (EXISTS, the holder is printed), "
                        + "so a script can branch: if dataproxy catalog reserve ...; then compute; fi"})
final class ReserveCommand extends CatalogSubcommand {

    @Mixin
    DatasetOption dataset;

    @Option(names = "--tag", required = true, paramLabel = "TAG", description = "The tag to reserve (e.g. the inputs' hash).")
    String tag;

    @Mixin
    OwnerOption owner;

    @Option(names = "--heartbeat", paramLabel = "DURATION", defaultValue = "10s",
            description = "How often the owner renews it (default: ${DEFAULT-VALUE}, capped by the catalog); it "
                    + "expires after a few missed heartbeats.")
    String heartbeat;

    @Override
    protected int execute() {
        Duration interval = PutCommand.positive("--heartbeat", GoDuration.parse("--heartbeat", heartbeat));
        ReservationResult result = await(catalog().getOrExtendReservation(dataset.id(), tag, owner.id(), interval));
        Reservation holder = result.getReservation();
        boolean acquired = result.getStatus() == ReservationStatus.ACQUIRED;
        if (json) {
            ObjectNode node = view.json(holder);
            node.put("status", result.getStatus().name());
            out().println(Json.line(node));
        } else {
            TextTable table = new TextTable();
            table.row("status", result.getStatus().name() + (acquired ? "" : " (held by another owner)"));
            table.row("tag", holder.getTagName());
            table.row("owner", holder.getOwnerId());
            table.row("expires", view.expiry(holder.getExpiresAt()));
            table.row("heartbeat", GoDuration.format(Duration.ofMillis(holder.getHeartbeatInterval())));
            table.print(out());
        }
        return acquired ? ExitCodes.OK : ExitCodes.REFUSED;
    }
}
