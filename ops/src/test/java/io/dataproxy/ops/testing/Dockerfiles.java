package io.dataproxy.ops.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what a test checks in a Dockerfile: the instructions as logical lines, and the HEALTHCHECK command. */
public final class Dockerfiles {

    private static final Pattern HEALTHCHECK = Pattern.compile("^HEALTHCHECK\\b.*?\\bCMD\\s+(\\[.*])\\s*$");

    private Dockerfiles() {
    }

    /** Instructions with their backslash-continued lines joined; comments and heredoc bodies are kept as lines. */
    public static List<String> instructions(Path dockerfile) throws IOException {
        String text = Files.readString(dockerfile).replaceAll("\\\\\\n\\s*", " ");
        return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /**
     * What the image gets at {@code target} (such as its logback.xml), so a test can use the very file: the body of a
     * heredoc {@code COPY <<'MARKER' target}, or the file a {@code COPY source target} takes from the build context,
     * which is the repository root (the parent of the Dockerfile's module).
     */
    public static String copied(Path dockerfile, String target) throws IOException {
        Pattern file = Pattern.compile("^COPY\\s+([^<\\s]\\S*)\\s+" + Pattern.quote(target) + "\\s*$");
        for (String line : instructions(dockerfile)) {
            Matcher m = file.matcher(line);
            if (m.matches()) {
                return Files.readString(dockerfile.toAbsolutePath().getParent().getParent().resolve(m.group(1)));
            }
        }
        return heredoc(dockerfile, target);
    }

    private static String heredoc(Path dockerfile, String target) throws IOException {
        List<String> lines = Files.readAllLines(dockerfile);
        Pattern start = Pattern.compile("^COPY\\s+<<-?'?([A-Za-z_]+)'?\\s+" + Pattern.quote(target) + "\\s*$");
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = start.matcher(lines.get(i).strip());
            if (m.matches()) {
                StringBuilder body = new StringBuilder();
                for (int j = i + 1; j < lines.size(); j++) {
                    if (lines.get(j).strip().equals(m.group(1))) {
                        return body.toString();
                    }
                    body.append(lines.get(j)).append('\n');
                }
                throw new IllegalStateException("unterminated heredoc for " + target + " in " + dockerfile);
            }
        }
        throw new IllegalStateException(dockerfile + " copies nothing to " + target);
    }

    /** The exec-form command of the HEALTHCHECK instruction. */
    public static List<String> healthcheck(Path dockerfile) throws IOException {
        for (String line : instructions(dockerfile)) {
            Matcher m = HEALTHCHECK.matcher(line);
            if (m.matches()) {
                return new ObjectMapper().readValue(m.group(1), new TypeReference<List<String>>() { });
            }
        }
        throw new IllegalStateException(dockerfile + " has no exec-form HEALTHCHECK");
    }
}
