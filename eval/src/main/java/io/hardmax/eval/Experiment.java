package io.hardmax.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.Map;

/**
 * A named, reproducible experiment run by {@code hardmax experiment NAME}. Implementations are registered in
 * {@code META-INF/services/io.hardmax.eval.Experiment} and found with {@link java.util.ServiceLoader}.
 */
public interface Experiment {

  /** The name used on the command line, e.g. {@code paper-imdb}. */
  String name();

  /** One line for {@code hardmax experiment --list}. */
  String description();

  /**
   * Runs the experiment.
   *
   * @param options {@code --set key=value} options from the command line; unknown keys and bad values must be rejected
   *                with an {@link io.hardmax.core.UserException} naming them (exit code 2)
   * @param seed    the seed of every random choice in the run
   * @param log     progress messages for a person (stderr); results do not go here
   * @return the results as JSON (printed as-is with {@code --format json}); include the settings, the seed
   *         and the machine the run was on
   */
  ObjectNode run(Map<String, String> options, long seed, PrintStream log) throws Exception;

  /** Renders the result of {@link #run} as a human-readable table (for {@code --format text}). */
  String toText(ObjectNode result);
}
