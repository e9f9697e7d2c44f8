package io.hardmax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The shared options: --debug read by Main's error handling, --format enums, --threads checked once. */
class SharedOptionsTest {

  /** A command with an internal bug. */
  @Command(name = "boom")
  static final class Boom implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("an internal bug");
    }
  }

  private static MainTest.Run runWithBoom(String... args) {
    CommandLine cl = Main.commandLine();
    cl.addSubcommand("boom", new Boom());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new MainTest.Run(code, out.toString(), err.toString());
  }

  @Test
  void badFormatIsAUsageErrorOfOneLineNamingTheOptionAndTheAllowedValues() {
    MainTest.Run r = MainTest.run("classify", "--format", "xml", "-");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err().lines()).as("one line").hasSize(1);
    String first = r.err().lines().findFirst().orElseThrow();
    assertThat(first).startsWith("hardmax: ").contains("'--format'").contains("[text, tsv, json, jsonl]").contains("'xml'");
    assertThat(r.err()).doesNotContain("\tat ");
    for (String command : new String[] {"evaluate", "analyze", "bench", "dynamics", "experiment"}) {
      MainTest.Run x = MainTest.run(command, "--format", "yaml");
      assertThat(x.code()).as(command).isEqualTo(Main.BAD_INPUT);
      assertThat(x.err().lines()).as(command).hasSize(1);
      assertThat(x.err().strip()).as(command).contains("'--format'").contains("[text, json]");
    }
  }

  @Test
  void helpShowsTheFormatsAndTheDefault() {
    String help = Main.commandLine().getSubcommands().get("classify").getUsageMessage(CommandLine.Help.Ansi.OFF);
    assertThat(help).contains("text, tsv, json, jsonl (default: text)").contains("--debug").contains("--threads=N");
  }

  @Test
  void debugPrintsTheStackTraceOfAnInternalError() {
    MainTest.Run plain = runWithBoom("boom");
    assertThat(plain.code()).isEqualTo(Main.FAILURE);
    assertThat(plain.err()).contains("internal error").contains("an internal bug").contains("--debug")
        .doesNotContain("\tat ");
    for (String[] args : new String[][] {{"boom", "--debug"}, {"--debug", "boom"}}) {
      MainTest.Run debug = runWithBoom(args);
      assertThat(debug.code()).isEqualTo(Main.FAILURE);
      assertThat(debug.err()).as(String.join(" ", args)).contains("an internal bug").contains("\tat ")
          .contains("SharedOptionsTest$Boom.call");
    }
  }

  @Test
  void debugAfterTheEndOfOptionsIsAnArgumentNotTheOption() {
    // '--debug' as a review file name after '--': the error is the user's (no such file) and has no stack trace
    MainTest.Run r = MainTest.run("classify", "--", "--debug");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("--debug").doesNotContain("\tat ");
  }

  @Test
  void threadsAreCheckedInOnePlace() {
    String[][] runs = {{"classify", "--threads", "0", "-"}, {"evaluate", "--threads", "0", "--data", "x"},
      {"bench", "--threads", "0", "infer"}, {"train", "--threads", "0", "--data", "x", "--out", "y"}};
    for (String[] args : runs) {
      MainTest.Run r = MainTest.run(args);
      assertThat(r.code()).as(args[0]).isEqualTo(Main.BAD_INPUT);
      assertThat(r.err()).as(args[0]).contains("--threads must be between 1 and 1024, was 0");
    }
  }

  @Test
  void mainBuildsOnlyTheCommandItRuns() {
    assertThat(Main.commandLine(new String[] {"classify", "-"}).getSubcommands()).containsKey("classify")
        .doesNotContainKey("train");
    assertThat(Main.commandLine(new String[] {"--help"}).getSubcommands()).containsKeys("classify", "train", "analyze");
  }
}
