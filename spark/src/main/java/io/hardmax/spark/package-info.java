/**
 * hardmax on Apache Spark: the sentiment model as a Spark ML pipeline stage ({@link io.hardmax.spark.HardmaxSentiment}),
 * and batch jobs that classify ({@link io.hardmax.spark.ClassifyJob}) and evaluate ({@link io.hardmax.spark.EvaluateJob})
 * corpora larger than one machine, with the model files and the output schema of {@code hardmax classify --format jsonl}.
 *
 * <p>Spark is a {@code provided} dependency: a cluster's {@code spark-submit} supplies it, and the {@code ./hardmax}
 * launcher puts it on the class path for {@code hardmax spark ...} only, so the other commands never load it.
 */
package io.hardmax.spark;
