package io.dataproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad usage is one line naming what is wrong, and exit 2: never a page of usage. */
class UsageErrorsTest {

    @Test
    void aMisspeltRequiredFlagIsReportedAsTheTypoWithWhatItResembles() {
        Cli.Result result = Cli.run("upload", "hello.txt", "--projcet", "flytesnacks", "--domain", "development");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).hasLineCount(1)
                .contains("dataproxy upload: unknown option '--projcet'")
                .contains("did you mean --project?")
                .contains("see dataproxy upload --help");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aMissingFlagAndABadValueAreOneLineEach() {
        Cli.Result missing = Cli.run("upload", "hello.txt", "--domain", "development");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).hasLineCount(1).contains("missing required option").contains("--project");

        Cli.Result badValue = Cli.run("tail", "t", "--max", "many");
        assertThat(badValue.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badValue.err()).hasLineCount(1).contains("--max").contains("many");
    }

    @Test
    void anUnknownCommandIsNamed() {
        Cli.Result result = Cli.run("uplaod", "x");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).hasLineCount(1).contains("'uplaod'").contains("upload");
    }
}
