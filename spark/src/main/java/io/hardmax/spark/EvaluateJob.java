package io.hardmax.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The job behind {@code hardmax spark evaluate}: accuracy, ROC-AUC, log-loss and the confusion matrix of a model on
 * labelled reviews, computed with Spark aggregations. The definitions are {@code hardmax evaluate}'s
 * ({@code io.hardmax.eval.metrics.BinaryMetrics}): predicted positive when the probability is at least 0.5; ROC-AUC
 * over the probabilities with tied scores as one step (ties count half), exact ({@link BinaryClassificationMetrics}
 * with no binning); log-loss with probabilities clipped to [1e-15, 1 - 1e-15]. So the two agree up to the order of
 * floating-point summation.
 */
public final class EvaluateJob {
  private EvaluateJob() {}

  /**
   * Options of one run.
   *
   * @param labelField the gold label field/column (required)
   * @param skipBad    leave malformed or unlabelled rows out (counted) instead of stopping at the first
   */
  public record Options(String input, InputFormat inputFormat, String textField, String labelField, String model,
      int maxReviewChars, boolean skipBad) {
    public Options {
      if (labelField == null || labelField.isBlank()) {
        throw new SparkUserException("--label-field is required: evaluate needs labelled data");
      }
      if (maxReviewChars < 1) {
        throw new SparkUserException("--max-review-chars must be >= 1, was " + maxReviewChars);
      }
    }
  }

  /**
   * Metrics of a run.
   *
   * @param confusion [gold][predicted], 0 negative, 1 positive
   * @param skipped   rows left out as malformed (only with skipBad)
   */
  public record Metrics(long n, double accuracy, double rocAuc, double logLoss, long[][] confusion, long skipped) {}

  public static Metrics run(SparkSession spark, Options o) {
    Dataset<Row> reviews = Inputs.read(spark, o.input(), o.inputFormat(), o.textField(), o.labelField());
    return evaluate(reviews, o);
  }

  /** Evaluates reviews already read (columns of {@link Inputs#SHAPE}). */
  public static Metrics evaluate(Dataset<Row> reviews, Options o) {
    int max = o.maxReviewChars();
    UserDefinedFunction check = udf((UDF1<byte[], String>) t -> ReviewCheck.of(t, max).reason(), DataTypes.StringType);
    UserDefinedFunction labelProblem = udf((UDF1<String, String>) g -> Labels.problem(g, true), DataTypes.StringType);
    UserDefinedFunction labelOf = udf((UDF1<String, Integer>) Labels::parse, DataTypes.IntegerType);
    Column reason = org.apache.spark.sql.functions.coalesce(col("read_error"), labelProblem.apply(col("gold")),
        check.apply(col("text").cast(DataTypes.BinaryType)));
    Dataset<Row> checked = ClassifyJob.spread(reviews.sparkSession(), reviews, 0).withColumn("reason", reason);
    long skipped = 0;
    if (o.skipBad()) {
      skipped = checked.filter(col("reason").isNotNull()).count();
    } else {
      List<Row> bad = checked.filter(col("reason").isNotNull()).select(col("id"), col("reason")).limit(1).collectAsList();
      if (!bad.isEmpty()) {
        throw new SparkUserException(o.input() + ": review " + bad.get(0).getString(0) + ": " + bad.get(0).getString(1)
            + " (--skip-bad leaves such rows out)");
      }
    }
    Dataset<Row> good = checked.filter(col("reason").isNull()).withColumn("gold", labelOf.apply(col("gold")));
    HardmaxSentiment stage = new HardmaxSentiment().setModelPath(o.model()).setExplain(false).setMaxReviewChars(max);
    Dataset<Row> scored = stage.transform(good).select(col("gold"), col("probability"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Column pred = when(col("probability").geq(0.5), 1).otherwise(0);
      Column pc = least(greatest(col("probability"), lit(1e-15)), lit(1 - 1e-15));
      Column loss = when(col("gold").equalTo(1), log(pc).multiply(-1)).otherwise(log(lit(1).minus(pc)).multiply(-1));
      long[][] conf = new long[2][2];
      for (Row r : scored.groupBy(col("gold"), pred.as("pred")).agg(count(lit(1))).collectAsList()) {
        conf[r.getInt(0)][r.getInt(1)] = r.getLong(2);
      }
      long n = conf[0][0] + conf[0][1] + conf[1][0] + conf[1][1];
      if (n == 0) {
        throw new SparkUserException(o.input() + ": no reviews to evaluate");
      }
      double lossSum = scored.agg(sum(loss)).first().getDouble(0);
      double auc = Double.NaN;
      if (conf[0][0] + conf[0][1] > 0 && conf[1][0] + conf[1][1] > 0) {
        var pairs = scored.javaRDD().map(r -> new Tuple2<Object, Object>(r.getDouble(1), (double) r.getInt(0)));
        BinaryClassificationMetrics m = new BinaryClassificationMetrics(pairs.rdd(), 0);
        auc = m.areaUnderROC();
        m.unpersist();
      }
      return new Metrics(n, (conf[0][0] + conf[1][1]) / (double) n, auc, lossSum / n, conf, skipped);
    } finally {
      scored.unpersist();
    }
  }
}
