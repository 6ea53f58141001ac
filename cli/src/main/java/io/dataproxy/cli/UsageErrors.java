package io.dataproxy.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;


/**
 * Bad usage as one line on stderr and exit 2, like every other failure, instead of picocli's message and the whole
 * usage. An unknown flag is named first, with the flags it resembles: a misspelt required flag would otherwise be
 * reported as that flag missing, never as the typo it is.
 */
final class UsageErrors implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        List<String> unmatched = e instanceof UnmatchedArgumentException u ? u.getUnmatched()
                : command.getParseResult() == null ? List.of() : command.getParseResult().unmatched();
        String message;
        if (!unmatched.isEmpty()) {
            String first = unmatched.get(0);
            List<String> suggestions = suggestionsFor(command, first);
            message = (first.startsWith("-") ? "unknown option '" : "unexpected argument '") + first + "'"
                    + (suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)");
        } else {
            message = decapitalize(e.getMessage());
        }
        err.println(command.getCommandSpec().qualifiedName(" ") + ": " + message + "; see "
                + command.getCommandSpec().qualifiedName(" ") + " --help");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** The command's flags (for {@code --typo}) or subcommands (otherwise) that share most of the typo's letters. */
    private static List<String> suggestionsFor(CommandLine command, String typo) {
        String stem = typo.replaceFirst("=.*", "");
        java.util.stream.Stream<String> candidates = stem.startsWith("-")
                ? command.getCommandSpec().options().stream().flatMap(option -> java.util.Arrays.stream(option.names()))
                        .filter(name -> name.startsWith("--"))
                : command.getSubcommands().keySet().stream();
        return candidates.filter(name -> similar(name, stem)).distinct().limit(3).toList();
    }

    private static boolean similar(String a, String b) {
        int[] counts = new int[128];
        a.chars().filter(c -> c < 128).forEach(c -> counts[c]++);
        int shared = 0;
        for (char c : b.toCharArray()) {
            if (c < 128 && counts[c] > 0) {
                counts[c]--;
                shared++;
            }
        }
        return Math.abs(a.length() - b.length()) <= 2 && shared >= Math.max(a.length(), b.length()) - 2;
    }

    private static String decapitalize(String message) {
        return message == null || message.isEmpty() ? "bad usage" : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }
}
