package io.dataproxy.registry.local;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/** Confluent's compatibility levels, checked with Avro's reader/writer resolution rules. */
enum Compatibility {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean newReadsOld;
    private final boolean oldReadsNew;
    private final boolean transitive;

    Compatibility(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    /**
     * Why {@code candidate} may not follow {@code existing} (oldest first); empty when it may.
     * Non-transitive levels look at the newest existing schema only.
     */
    List<String> problems(Schema candidate, List<Schema> existing) {
        List<String> problems = new ArrayList<>();
        if (existing.isEmpty()) {
            return problems;
        }
        List<Schema> against = transitive ? existing : List.of(existing.get(existing.size() - 1));
        for (Schema old : against) {
            if (newReadsOld) {
                problems.addAll(check(candidate, old, "the new schema cannot read data written with an existing one"));
            }
            if (oldReadsNew) {
                problems.addAll(check(old, candidate, "an existing schema cannot read data written with the new one"));
            }
        }
        return problems;
    }

    private static List<String> check(Schema reader, Schema writer, String what) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        List<String> problems = new ArrayList<>();
        if (result.getCompatibility() == SchemaCompatibilityType.INCOMPATIBLE) {
            for (Incompatibility incompatibility : result.getIncompatibilities()) {
                problems.add(what + ": " + incompatibility.getType() + " at " + incompatibility.getLocation()
                        + " (" + incompatibility.getMessage() + ")");
            }
        }
        return problems;
    }

    static Compatibility parse(String level) throws RegistryError {
        try {
            return valueOf(level.trim().toUpperCase());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new RegistryError(422, 42203, "Invalid compatibility level '" + level + "'. Valid values are "
                    + List.of(values()));
        }
    }
}
