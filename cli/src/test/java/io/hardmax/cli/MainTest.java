package io.hardmax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  /** Runs the command line and returns exit code, stdout and stderr. */
  static Run run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  record Run(int code, String out, String err) {}

  @Test
  void versionPrintsProjectVersionAndExitsZero() {
    Run r = run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("hardmax ").contains("GPL-3.0-or-later");
  }

  @Test
  void unknownOptionIsBadUsageWithOneLineAndNoStackTrace() {
    Run r = run("--no-such-option");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("Unknown option: '--no-such-option'").doesNotContain("\tat ");
  }

  @Test
  void everyCommandsHelpRendersWithoutPicocliWarnings() {
    PrintStream saved = System.err;
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    int commands = 0;
    try {
      System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
      ArrayDeque<CommandLine> todo = new ArrayDeque<>(List.of(Main.commandLine()));
      while (!todo.isEmpty()) {
        CommandLine cl = todo.pop();
        String usage = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(usage).as(cl.getCommandSpec().qualifiedName()).contains("Usage: ").doesNotContain("%n");
        commands++;
        todo.addAll(cl.getSubcommands().values());
      }
    } finally {
      System.setErr(saved);
    }
    assertThat(commands).isGreaterThan(10);
    assertThat(warnings.toString(StandardCharsets.UTF_8)).as("picocli warnings").doesNotContain("WARN");
  }

  @Test
  void missingCommandIsBadUsage() {
    Run r = run();
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("Missing command");
  }

  @Test
  void completionScriptIsGenerated() {
    Run r = run("generate-completion");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("complete -F").contains("hardmax");
  }

  @Test
  void userErrorsAreRecognisedThroughCauses() {
    RuntimeException wrapped = new RuntimeException(new CliException("a.txt, line 3: expected a label\nmore"));
    assertThat(UserErrors.message(wrapped)).isEqualTo("a.txt, line 3: expected a label");
    assertThat(UserErrors.message(new IllegalStateException("bug"))).isNull();
  }
}
