package io.hardmax.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every command shares, declared once (picocli mixins).
 *
 * <ul>
 *   <li>{@code --debug} is mixed into {@link Main} with {@link ScopeType#INHERIT}, so every subcommand accepts
 *       it, and {@link Main}'s error handling reads its parsed value (an error's stack trace is printed only then);
 *   <li>{@link Threads}: {@code --threads N}, checked in one place;
 *   <li>{@code --format}: an enum per command ({@link TextOrJson} for the commands that write a text or a JSON
 *       report, {@link ClassifyCommand.Format} for classify), so a bad value is a usage error naming the option and
 *       the allowed values.
 * </ul>
 *
 * {@code --seed} stays declared where it is used: its default and what it seeds differ per command (1 for the
 * bootstrap of {@code evaluate}, 20261122 for training), and each command's help says which.
 */
final class SharedOptions {
  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "print the stack trace of an error")
  boolean debug;

  /** {@code --threads N} (a picocli mixin). */
  static final class Threads {
    @Option(names = "--threads", paramLabel = "N",
        description = "worker threads (default: all cores); for a seed and a thread count results are reproducible")
    Integer threads;

    /** The thread count: the option's value, or the number of cores. */
    int get() {
      int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
      if (t < 1 || t > 1024) {
        throw new CliException("--threads must be between 1 and 1024, was " + t);
      }
      return t;
    }
  }

  /** {@code --format} of the commands that print a text or a JSON report. */
  enum TextOrJson { text, json }
}
