package io.hardmax.cli;

import io.hardmax.attention.SentimentModel;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Model selection and threads (a picocli mixin). */
final class ModelOptions {
  @Option(names = "--model", paramLabel = "FILE", description = "a model file (default: the bundled IMDb model)")
  Path model;

  @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: all cores)")
  Integer threads;

  @Option(names = "--debug", description = "print stack traces of errors")
  boolean debug;

  SentimentModel load() {
    return model == null ? SentimentModel.loadDefault() : SentimentModel.load(model);
  }

  int threads() {
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (t < 1 || t > 1024) {
      throw new CliException("--threads must be between 1 and 1024, was " + t);
    }
    return t;
  }
}
