package io.hardmax.attention;

import java.util.Map;
import java.util.TreeMap;

/**
 * Where a model came from: a run manifest stored in every model file.
 *
 * @param created        ISO-8601 time the model was written
 * @param trainingData   the dataset spec trained on
 * @param trainingSha256 SHA-256 over the training texts and labels, in order
 * @param trainingCount  number of training reviews (after carving out validation)
 * @param seed           the seed of initial weights, shuffling and the validation split
 * @param threads        trainer threads (results are bit-for-bit reproducible for a seed and thread count)
 * @param gitCommit      the source commit, or "unknown"
 * @param versions       library and Java versions
 * @param trainer        the trainer settings, as text
 * @param metrics        validation metrics and the chosen epoch
 */
public record Provenance(String created, String trainingData, String trainingSha256, long trainingCount, long seed,
    int threads, String gitCommit, Map<String, String> versions, String trainer, Map<String, Double> metrics) {

  public Provenance {
    versions = Map.copyOf(new TreeMap<>(versions));
    metrics = Map.copyOf(new TreeMap<>(metrics));
  }

  /** Provenance of a model built by hand (tests, fixtures). */
  public static Provenance none() {
    return new Provenance("unknown", "none", "none", 0, 0, 1, "unknown", Map.of(), "none", Map.of());
  }
}
