package io.hardmax.cli;

import io.hardmax.attention.SentimentModel;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Model selection and threads (a picocli mixin). */
final class ModelOptions {
  @Option(names = "--model", paramLabel = "FILE", description = "a model file (default: the bundled IMDb model)")
  Path model;

  @Mixin SharedOptions.Threads threads;

  SentimentModel load() {
    return model == null ? SentimentModel.loadDefault() : SentimentModel.load(model);
  }

  int threads() {
    return threads.get();
  }
}
