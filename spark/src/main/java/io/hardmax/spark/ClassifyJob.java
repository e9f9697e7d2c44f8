package io.hardmax.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * The batch job behind {@code hardmax spark classify}: reads reviews in parallel ({@link Inputs}), classifies them
 * with {@link HardmaxSentiment} and writes one row per input row, as Parquet or JSON Lines, with the fields of
 * {@code hardmax classify --format jsonl}: {@code id, label, probability, logit, bias, padding_contribution, gold}
 * (with a label field){@code , leaders, tokens} and {@code error}.
 *
 * <p>Guarantees: the output folder appears only when the whole job succeeded (written to a hidden sibling folder,
 * renamed at the end; on HDFS and local disks the rename is atomic); every input row is in the output exactly once,
 * also when tasks are retried (Spark's commit protocol keeps one attempt per task), which the job checks by counting
 * the rows written; a malformed row (missing, empty or oversized text, invalid UTF-8, broken JSON, a bad label) is
 * kept with its reason in {@code error}, or, with {@code skipBad}, written as {@code id, error} under
 * {@code rejected/} in the output folder instead. Runs under {@code spark-submit} ({@link #main}) and in-process
 * ({@link #run}).
 */
public final class ClassifyJob {
  private ClassifyJob() {}

  /**
   * Options of one run.
   *
   * @param input          file or folder (any Hadoop path)
   * @param output         output folder; must not exist
   * @param format         parquet or jsonl
   * @param inputFormat    the input layout, null to detect it
   * @param textField      text field/column (null: text, review or t)
   * @param labelField     gold label field/column, copied to {@code gold} (null: none)
   * @param model          model file, or {@link ModelBytes#BUNDLED}
   * @param maxReviewChars longest review accepted
   * @param skipBad        malformed rows to {@code rejected/} instead of the {@code error} column
   * @param explain        add bias, padding_contribution and tokens
   * @param partitions     repartition the input into this many partitions (0: keep the input's, or spread it over
   *                       all task slots when it has fewer partitions than that)
   */
  public record Options(String input, String output, String format, InputFormat inputFormat, String textField,
      String labelField, String model, int maxReviewChars, boolean skipBad, boolean explain, int partitions) {
    public Options {
      if (!format.equals("parquet") && !format.equals("jsonl")) {
        throw new SparkUserException("--format must be parquet or jsonl, was '" + format + "'");
      }
      if (maxReviewChars < 1) {
        throw new SparkUserException("--max-review-chars must be >= 1, was " + maxReviewChars);
      }
      if (partitions < 0) {
        throw new SparkUserException("--partitions must be >= 0, was " + partitions);
      }
    }

    /** Defaults of the command: parquet, detected input layout, bundled model, explanations on. */
    public static Options of(String input, String output) {
      return new Options(input, output, "parquet", null, null, null, ModelBytes.BUNDLED, 1_000_000, false, true, 0);
    }
  }

  /**
   * Row counts of a run: {@code inputRows = outputRows + rejectedRows}.
   *
   * @param errorRows output rows with an error (not classified)
   */
  public record Result(long inputRows, long outputRows, long errorRows, long rejectedRows, String output) {}

  /** Entry point for {@code spark-submit --class io.hardmax.spark.ClassifyJob hardmax-spark.jar --input ... --output ...}. */
  public static void main(String[] args) {
    String[] all = new String[args.length + 1];
    all[0] = "classify";
    System.arraycopy(args, 0, all, 1, args.length);
    SparkMain.main(all);
  }

  /** Reads, classifies and writes. */
  public static Result run(SparkSession spark, Options o) {
    Dataset<Row> reviews = Inputs.read(spark, o.input(), o.inputFormat(), o.textField(), o.labelField());
    return classify(spark, reviews, o);
  }

  /** Classifies reviews already read (columns of {@link Inputs#SHAPE}) and writes them to {@code o.output()}. */
  public static Result classify(SparkSession spark, Dataset<Row> reviews, Options o) {
    Path out = new Path(o.output());
    FileSystem fs;
    try {
      fs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
      out = fs.makeQualified(out);
      if (fs.exists(out)) {
        throw new SparkUserException(o.output() + ": already exists; choose a new --output folder");
      }
    } catch (IOException e) {
      throw new SparkUserException(o.output() + ": cannot use as output (" + e.getMessage() + ")", e);
    }
    Path tmp = new Path(out.getParent(), "." + out.getName() + ".tmp-" + UUID.randomUUID());
    boolean done = false;
    try {
      Result r = write(spark, reviews, o, tmp.toString());
      if (!fs.rename(tmp, out)) {
        throw new IOException("cannot rename " + tmp + " to " + out);
      }
      done = true;
      return new Result(r.inputRows(), r.outputRows(), r.errorRows(), r.rejectedRows(), out.toString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      if (!done) {
        try {
          fs.delete(tmp, true);
        } catch (IOException ignored) {
          // the failure that got us here is the one to report
        }
      }
    }
  }

  private static Result write(SparkSession spark, Dataset<Row> reviews, Options o, String tmp) {
    boolean labelled = o.labelField() != null;
    UserDefinedFunction labelOf = udf((UDF1<String, Integer>) Labels::parse, DataTypes.IntegerType);
    UserDefinedFunction labelProblem = udf((UDF1<String, String>) g -> Labels.problem(g, false), DataTypes.StringType);
    Dataset<Row> in = spread(spark, reviews, o.partitions());
    Dataset<Row> pre = in.withColumn("pre_error", coalesce(col("read_error"), labelled ? labelProblem.apply(col("gold")) : lit(null)))
        .withColumn("gold", labelOf.apply(col("gold")));
    long inputRows = pre.count();
    HardmaxSentiment stage = new HardmaxSentiment().setInputCol("text").setModelPath(o.model()).setExplain(o.explain())
        .setMaxReviewChars(o.maxReviewChars()).setErrorCol("stage_error");
    List<Column> cols = new ArrayList<>(List.of(col("id"), col("label"), col("probability"), col("logit")));
    if (o.explain()) {
      cols.addAll(List.of(col("bias"), col("padding_contribution")));
    }
    if (labelled) {
      cols.add(col("gold"));
    }
    cols.add(col("leaders"));
    if (o.explain()) {
      cols.add(col("tokens"));
    }
    long rejectedRows = 0;
    Dataset<Row> result;
    if (o.skipBad()) {
      int max = o.maxReviewChars();
      UserDefinedFunction check = udf((UDF1<byte[], String>) t -> ReviewCheck.of(t, max).reason(), DataTypes.StringType);
      Dataset<Row> checked = pre.withColumn("reason", coalesce(col("pre_error"), check.apply(col("text").cast(DataTypes.BinaryType))));
      result = stage.transform(checked.filter(col("reason").isNull())).select(cols.toArray(Column[]::new));
      save(result, o.format(), tmp);
      save(checked.filter(col("reason").isNotNull()).select(col("id"), col("reason").as("error")), o.format(), tmp + "/rejected");
      rejectedRows = countRows(spark, o.format(), tmp + "/rejected", checked.select(col("id"), col("reason").as("error")), false)[0];
    } else {
      Dataset<Row> ok = pre.withColumn("text", when(col("pre_error").isNull(), col("text")));
      cols.add(coalesce(col("pre_error"), col("stage_error")).as("error"));
      result = stage.transform(ok).select(cols.toArray(Column[]::new));
      save(result, o.format(), tmp);
    }
    long[] n = countRows(spark, o.format(), tmp, result, !o.skipBad());
    if (n[0] + rejectedRows != inputRows) {
      throw new IllegalStateException("read " + inputRows + " rows but wrote " + n[0] + " and rejected " + rejectedRows);
    }
    return new Result(inputRows, n[0], n[1], rejectedRows, tmp);
  }

  /**
   * The reviews in {@code partitions} partitions when given; else, when the input has fewer partitions than the
   * session has task slots (one file of lines is one split up to 128 MB), spread over all slots: classifying costs
   * far more than the shuffle.
   */
  static Dataset<Row> spread(SparkSession spark, Dataset<Row> reviews, int partitions) {
    if (partitions > 0) {
      return reviews.repartition(partitions);
    }
    int slots = spark.sparkContext().defaultParallelism();
    return reviews.rdd().getNumPartitions() < slots ? reviews.repartition(slots) : reviews;
  }

  private static void save(Dataset<Row> d, String format, String path) {
    var w = d.write().mode(SaveMode.ErrorIfExists);
    if (format.equals("jsonl")) {
      w.json(path);
    } else {
      w.parquet(path);
    }
  }

  /** Rows written under {@code path} (its own part files, not those of sub-folders) and how many have an error. */
  private static long[] countRows(SparkSession spark, String format, String path, Dataset<Row> written, boolean hasError) {
    Dataset<Row> back = spark.read().schema(written.schema()).format(format.equals("jsonl") ? "json" : "parquet")
        .load(path + "/part-*");
    Row r = (hasError ? back.agg(count(lit(1)), count(col("error"))) : back.agg(count(lit(1)), count(lit(1)))).first();
    return new long[] {r.getLong(0), hasError ? r.getLong(1) : 0};
  }
}
