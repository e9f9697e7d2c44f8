package io.hardmax.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line jar has no Spark: classify and every other command run without loading it (the ./hardmax launcher
 * adds Spark's class path for 'hardmax spark ...' only; .ci/run also checks the built jar and a classify run).
 */
class NoSparkTest {
  @Test
  void sparkIsNotOnTheClassPathOfTheCommandLine() {
    assertThatThrownBy(() -> Class.forName("org.apache.spark.sql.SparkSession"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("io.hardmax.spark.HardmaxSentiment"))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void sparkRunInThisJarSaysToUseTheLauncher() {
    CommandLine cl = Main.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("spark", "classify", "--input", "x", "--output", "y");
    assertThat(code).isEqualTo(Main.BAD_INPUT);
    assertThat(err.toString()).startsWith("hardmax: 'hardmax spark' runs through the ./hardmax launcher");
  }
}
