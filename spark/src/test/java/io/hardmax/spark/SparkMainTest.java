package io.hardmax.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Exit codes and one-line messages of 'hardmax spark' for bad usage (checked before any Spark session starts). */
class SparkMainTest {
  record Run(int code, String err) {}

  static Run run(String... args) {
    CommandLine cl = SparkMain.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(new StringWriter()));
    return new Run(cl.execute(args), err.toString());
  }

  @Test
  void badOptionsExitWithTwoAndOneLine() {
    Run r = run("classify", "--input", "in", "--output", "out", "--format", "xml");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("hardmax: --format must be parquet or jsonl, was 'xml'" + System.lineSeparator());
    Run e = run("evaluate", "--input", "in", "--label-field", "label", "--input-format", "xml");
    assertThat(e.code()).isEqualTo(2);
    assertThat(e.err()).startsWith("hardmax: --input-format must be text, lines, jsonl, csv or parquet, was 'xml'");
    Run missing = run("classify", "--input", "in");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).startsWith("hardmax: Missing required option: '--output=DIR'");
  }
}
