package io.hardmax.spark;

import org.apache.spark.sql.SparkSession;

/** The small local sessions of the tests: no web UI, few shuffle partitions, one session per test class. */
final class SparkSessions {
  private SparkSessions() {}

  static SparkSession local(String master, String app) {
    return SparkSession.builder().master(master).appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .getOrCreate();
  }
}
