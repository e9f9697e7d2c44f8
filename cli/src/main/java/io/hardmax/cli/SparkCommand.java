package io.hardmax.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code hardmax spark}: listed here for the help, run elsewhere. The Spark jobs live in the {@code spark} module,
 * which this jar does not contain, so that no other command puts Spark on its class path; the {@code ./hardmax}
 * launcher runs {@code hardmax spark ...} with the spark module's jar and Spark's class path instead of this jar.
 */
@Command(name = "spark", description = "Classify and evaluate large corpora on Apache Spark: 'hardmax spark classify|evaluate' "
    + "(run by the ./hardmax launcher with Spark on the class path; see 'hardmax spark --help').")
final class SparkCommand implements Callable<Integer> {
  @Unmatched List<String> args;

  @Override
  public Integer call() {
    throw new CliException("'hardmax spark' runs through the ./hardmax launcher, which adds Spark to the class path "
        + "(or spark-submit spark/target/hardmax-spark.jar); this jar has no Spark");
  }
}
