package io.hardmax.spark;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hardmax spark}: the Spark jobs from the command line, in-process on an embedded {@code local[*]} session
 * (run by the {@code ./hardmax} launcher) or on a cluster ({@code spark-submit hardmax-spark.jar classify ...}).
 * As in {@code hardmax}, only this class turns exceptions into exit codes: 0 success, 1 failure, 2 bad usage or input
 * (one line on stderr; {@code --debug} adds the stack trace).
 */
@Command(name = "hardmax spark", mixinStandardHelpOptions = true,
    description = "Classify and evaluate corpora on Apache Spark (embedded local[*] unless --master or spark-submit says otherwise).",
    subcommands = {CommandLine.HelpCommand.class, SparkMain.Classify.class, SparkMain.Evaluate.class})
public final class SparkMain implements Runnable {
  static final int OK = 0;
  static final int FAILURE = 1;
  static final int BAD_INPUT = 2;

  /** Simple names of exception types whose message is a user error (bad input, bad options). */
  private static final Set<String> USER_ERRORS = Set.of("SparkUserException", "ModelFileException", "NlpException",
      "AnalysisException");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: see 'hardmax spark --help'");
  }

  public static void main(String[] args) {
    // the embedded mode logs warnings only; spark-submit and an explicit configuration keep theirs
    if (System.getProperty("log4j2.configurationFile") == null && System.getProperty("spark.master") == null) {
      System.setProperty("log4j2.configurationFile", "io/hardmax/spark/log4j2-embedded.properties");
    }
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (also used by tests). */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new SparkMain());
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      PrintWriter err = c.getErr();
      boolean debug = parsed.originalArgs().contains("--debug");
      String user = userMessage(ex);
      if (user != null) {
        err.println("hardmax: " + user);
      } else {
        err.println("hardmax: internal error: " + ex + (debug ? "" : " (run with --debug for details)"));
      }
      if (debug) {
        ex.printStackTrace(err);
      }
      err.flush();
      return user != null ? BAD_INPUT : FAILURE;
    });
    cl.setParameterExceptionHandler((ex, args) -> {
      PrintWriter err = ex.getCommandLine().getErr();
      err.println("hardmax: " + ex.getMessage());
      err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
      err.flush();
      return BAD_INPUT;
    });
    return cl;
  }

  /** The one-line message of a user error, or null for an internal failure. */
  static String userMessage(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (USER_ERRORS.contains(c.getClass().getSimpleName()) && c.getMessage() != null) {
        String m = c.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
      }
    }
    return null;
  }

  /**
   * The session of a command: {@code --master} when given; else the master {@code spark-submit} set; else an
   * embedded {@code local[*]} session without the web UI.
   */
  static SparkSession session(String app, String master) {
    SparkSession.Builder b = SparkSession.builder().appName(app);
    if (master != null) {
      b.master(master);
    } else if (!new SparkConf().contains("spark.master")) {
      b.master("local[*]").config("spark.ui.enabled", "false");
    }
    return b.getOrCreate();
  }

  /** Options every Spark command shares (a picocli mixin). */
  static final class Common {
    @Option(names = "--input", required = true, paramLabel = "PATH", description = "input file or folder (any Hadoop path)")
    String input;

    @Option(names = "--input-format", paramLabel = "FORMAT", description = "text, lines, jsonl, csv or parquet (default: detected)")
    String inputFormat;

    @Option(names = "--text-field", paramLabel = "NAME", description = "text field/column of jsonl, csv, parquet (default: text, review or t)")
    String textField;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default: spark-submit's, else an embedded local[*])")
    String master;

    @Option(names = "--model", paramLabel = "FILE", defaultValue = ModelBytes.BUNDLED,
        description = "model file, any Hadoop path (default: ${DEFAULT-VALUE}, the bundled IMDb model)")
    String model;

    @Option(names = "--max-review-chars", paramLabel = "N", defaultValue = "1000000",
        description = "longest review accepted (default: ${DEFAULT-VALUE})")
    int maxReviewChars;

    @Option(names = "--skip-bad", description = "set malformed rows apart (classify: under rejected/ with the reason; evaluate: counted)")
    boolean skipBad;

    @Option(names = "--debug", description = "print stack traces of errors")
    boolean debug;

    InputFormat format() {
      return inputFormat == null ? null : InputFormat.parse(inputFormat);
    }
  }

  @Command(name = "classify", mixinStandardHelpOptions = true,
      description = {"Classify every input row into an output folder, written atomically.",
        "Fields of 'hardmax classify --format jsonl' plus an error column; prints the input and output row counts."})
  static final class Classify implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin Common c;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "output folder (must not exist)")
    String output;

    @Option(names = "--format", defaultValue = "parquet", description = "parquet or jsonl (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--label-field", paramLabel = "NAME", description = "copy this gold label field/column to 'gold'")
    String labelField;

    @Option(names = "--no-explain", negatable = false, description = "leave out bias, padding_contribution and tokens")
    boolean noExplain;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
        description = "repartition the input into N partitions (default: ${DEFAULT-VALUE}: the input's, at least one per task slot)")
    int partitions;

    @Override
    public Integer call() {
      ClassifyJob.Options o = new ClassifyJob.Options(c.input, output, format, c.format(), c.textField, labelField, c.model,
          c.maxReviewChars, c.skipBad, !noExplain, partitions);
      SparkSession spark = session("hardmax spark classify", c.master);
      try {
        long t0 = System.nanoTime();
        ClassifyJob.Result r = ClassifyJob.run(spark, o);
        double s = (System.nanoTime() - t0) / 1e9;
        spec.commandLine().getErr().printf(Locale.ROOT, "hardmax: %d input rows, %d output rows (%d with an error)%s in %.1f s -> %s%n",
            r.inputRows(), r.outputRows(), r.errorRows(), c.skipBad ? ", " + r.rejectedRows() + " rejected" : "", s, r.output());
        spec.commandLine().getErr().flush();
        return OK;
      } finally {
        spark.stop();
      }
    }
  }

  @Command(name = "evaluate", mixinStandardHelpOptions = true,
      description = "Accuracy, ROC-AUC, log-loss and confusion matrix on labelled data, with Spark aggregations.")
  static final class Evaluate implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin Common c;

    @Option(names = "--label-field", required = true, paramLabel = "NAME", description = "gold label field/column")
    String labelField;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    String format;

    @Override
    public Integer call() {
      if (!format.equals("text") && !format.equals("json")) {
        throw new SparkUserException("--format must be text or json, was '" + format + "'");
      }
      EvaluateJob.Options o = new EvaluateJob.Options(c.input, c.format(), c.textField, labelField, c.model, c.maxReviewChars, c.skipBad);
      SparkSession spark = session("hardmax spark evaluate", c.master);
      try {
        EvaluateJob.Metrics m = EvaluateJob.run(spark, o);
        PrintWriter out = spec.commandLine().getOut();
        long[][] k = m.confusion();
        if (format.equals("json")) {
          out.printf(Locale.ROOT, "{\"data\": \"%s\", \"model\": \"%s\", \"n\": %d, \"accuracy\": %s, \"roc_auc\": %s, \"log_loss\": %s, "
              + "\"confusion\": [[%d, %d], [%d, %d]], \"skipped\": %d}%n", json(c.input), json(c.model), m.n(),
              m.accuracy(), m.rocAuc(), m.logLoss(), k[0][0], k[0][1], k[1][0], k[1][1], m.skipped());
        } else {
          out.printf(Locale.ROOT, "model %s on %s (%d reviews)%n", c.model, c.input, m.n());
          out.printf(Locale.ROOT, "  accuracy          %.4f%n", m.accuracy());
          out.printf(Locale.ROOT, "  ROC-AUC %.4f  log-loss %.4f%n", m.rocAuc(), m.logLoss());
          out.printf(Locale.ROOT, "  confusion [[%d, %d], [%d, %d]] (rows gold neg/pos, columns predicted)%n", k[0][0], k[0][1], k[1][0], k[1][1]);
          if (c.skipBad) {
            out.printf(Locale.ROOT, "  skipped %d malformed or unlabelled rows%n", m.skipped());
          }
        }
        out.flush();
        return OK;
      } finally {
        spark.stop();
      }
    }

    private static String json(String s) {
      return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
  }
}
