package io.hardmax.eval.analyze;

import io.hardmax.attention.SentimentModel;
import io.hardmax.spectral.Pca;
import io.hardmax.nlp.Vocabulary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PCA of a model's word-embedding table and a 2-D map of its most frequent and most polar words.
 *
 * <p>The PCA ({@link Pca}, power method with deflation) is fitted on the embeddings of every vocabulary entry
 * except {@code <pad>} and {@code <unk>} (bigram entries included). The polarity of an entry is its readout
 * score {@code v . e_w}: what the word alone adds to the logit, up to the 1/n of the mean (Alcalde et al. 2025,
 * section 4: the readout of the mean token is linear, so the logit splits into per-token shares). A word is
 * eligible for the map when it contains a letter (punctuation and numbers are left off the picture; they stay
 * in the PCA).
 *
 * @param vocabulary             number of entries the PCA was fitted on
 * @param dim                    embedding dimension d
 * @param explainedVariance      variance along each principal axis, [k], non-increasing
 * @param explainedVarianceRatio that variance over the total variance, [k], non-increasing, summing to at most 1
 * @param totalVariance          trace of the embeddings' sample covariance
 * @param converged              whether the power method converged for every component
 * @param iterations             its matrix-vector products over all components
 * @param residual               its largest {@code ||C u - lambda u||}
 * @param readoutDirection       the readout vector v on the first two axes, [2] (0 for a missing second axis)
 * @param readoutCosine          cosine of v with the first two axes, [2] (how much of the sentiment direction
 *                               the map shows)
 * @param words                  the words on the map, frequent first (in vocabulary order), then positive and
 *                               negative (most polar first)
 * @param seed                   seed of the power method
 */
public record EmbeddingAnalysis(int vocabulary, int dim, double[] explainedVariance, double[] explainedVarianceRatio,
    double totalVariance, boolean converged, int iterations, double residual, double[] readoutDirection,
    double[] readoutCosine, List<MapWord> words, long seed) {

  /** At most this many principal components are computed. */
  public static final int MAX_COMPONENTS = 32;

  /** Why a word is on the map. */
  public enum Kind {
    /** among the most frequent training words (lowest unigram ids: the vocabulary is in descending count). */
    FREQUENT,
    /** among the largest readout scores. */
    POSITIVE,
    /** among the smallest readout scores. */
    NEGATIVE;

    /** Lower-case name for JSON and text. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * A word on the map.
   *
   * @param word  the vocabulary entry
   * @param id    its id
   * @param kind  why it is on the map (a frequent word that is also among the most polar counts as polar)
   * @param score its readout score {@code v . e_w}
   * @param x     coordinate on the first principal axis
   * @param y     coordinate on the second principal axis (0 when d = 1)
   */
  public record MapWord(String word, int id, Kind kind, double score, double x, double y) {}

  public EmbeddingAnalysis {
    explainedVariance = explainedVariance.clone();
    explainedVarianceRatio = explainedVarianceRatio.clone();
    readoutDirection = readoutDirection.clone();
    readoutCosine = readoutCosine.clone();
    words = List.copyOf(words);
  }

  /** The principal components computed for a table of dimension d. */
  public static int components(int d) {
    return Math.min(d, MAX_COMPONENTS);
  }

  /**
   * Runs the analysis.
   *
   * @param model the model
   * @param words number of frequent words on the map, and number of polar words (half positive, half negative;
   *              the odd one positive), &gt;= 0
   * @param seed  seed of the power method
   * @return the analysis ({@link #fit} also returns the fitted PCA)
   */
  public static EmbeddingAnalysis run(SentimentModel model, int words, long seed) {
    return fit(model, words, seed).analysis();
  }

  /** The analysis and the fitted PCA (to project other states of the same space, e.g. leader states). */
  public record Fit(EmbeddingAnalysis analysis, Pca pca) {}

  /** As {@link #run}, also returning the PCA. */
  public static Fit fit(SentimentModel model, int words, long seed) {
    if (words < 0) {
      throw new IllegalArgumentException("words must be >= 0, found " + words);
    }
    float[][] emb = model.embeddings();
    float[] v = model.readout();
    Vocabulary vocab = model.vocabulary();
    int d = v.length;
    int first = Vocabulary.UNK + 1;
    int rows = emb.length - first;
    if (rows < 2) {
      throw new IllegalArgumentException("the model has " + rows + " vocabulary entries besides <pad> and <unk>; "
          + "PCA needs at least 2");
    }
    double[][] x = new double[rows][d];
    double[] score = new double[emb.length];
    for (int i = first; i < emb.length; i++) {
      double s = 0;
      for (int c = 0; c < d; c++) {
        x[i - first][c] = emb[i][c];
        s += (double) v[c] * emb[i][c];
      }
      score[i] = s;
    }
    Pca pca = Pca.fit(x, components(d), seed);
    double[] dir = new double[2];
    double vNorm = 0;
    for (int c = 0; c < d; c++) {
      vNorm += (double) v[c] * v[c];
    }
    vNorm = Math.sqrt(vNorm);
    double[] cos = new double[2];
    for (int a = 0; a < Math.min(2, pca.k()); a++) {
      for (int c = 0; c < d; c++) {
        dir[a] += pca.components()[a][c] * v[c];
      }
      cos[a] = vNorm > 0 ? dir[a] / vNorm : 0; // the components are unit vectors
    }
    List<Integer> eligible = new ArrayList<>();
    for (int i = first; i < emb.length; i++) {
      if (hasLetter(vocab.token(i))) {
        eligible.add(i);
      }
    }
    Map<Integer, Kind> chosen = new LinkedHashMap<>();
    int pos = (words + 1) / 2;
    int neg = words / 2;
    List<Integer> byScore = new ArrayList<>(eligible);
    // descending score; ties by id so the choice is deterministic
    byScore.sort(Comparator.comparingDouble((Integer i) -> -score[i]).thenComparingInt(i -> i));
    List<Integer> polar = new ArrayList<>();
    for (int j = 0; j < Math.min(pos, byScore.size()); j++) {
      polar.add(byScore.get(j));
    }
    for (int j = 0; j < Math.min(neg, byScore.size() - Math.min(pos, byScore.size())); j++) {
      polar.add(byScore.get(byScore.size() - 1 - j));
    }
    int taken = 0;
    int unigramEnd = vocab.bigramStart();
    for (int i : eligible) {
      if (taken == words || i >= unigramEnd) {
        break;
      }
      chosen.put(i, Kind.FREQUENT);
      taken++;
    }
    for (int j = 0; j < polar.size(); j++) {
      chosen.put(polar.get(j), j < Math.min(pos, byScore.size()) ? Kind.POSITIVE : Kind.NEGATIVE);
    }
    List<MapWord> map = new ArrayList<>();
    for (Kind k : Kind.values()) {
      for (Map.Entry<Integer, Kind> e : chosen.entrySet()) {
        if (e.getValue() != k) {
          continue;
        }
        int i = e.getKey();
        double[] p = pca.project(x[i - first]);
        map.add(new MapWord(vocab.token(i), i, k, score[i], p[0], p.length > 1 ? p[1] : 0));
      }
    }
    EmbeddingAnalysis a = new EmbeddingAnalysis(rows, d, pca.explainedVariance(), pca.explainedVarianceRatio(),
        pca.totalVariance(), pca.eigen().converged(), pca.eigen().iterations(), pca.eigen().residual(), dir, cos, map,
        seed);
    return new Fit(a, pca);
  }

  /** Readout score {@code v . e_w} of every vocabulary id (also PAD and UNK), [vocab]. */
  public static double[] scores(SentimentModel model) {
    float[][] emb = model.embeddings();
    float[] v = model.readout();
    double[] s = new double[emb.length];
    for (int i = 0; i < emb.length; i++) {
      for (int c = 0; c < v.length; c++) {
        s[i] += (double) v[c] * emb[i][c];
      }
    }
    return s;
  }

  static boolean hasLetter(String s) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (Character.isLetter(cp)) {
        return true;
      }
      i += Character.charCount(cp);
    }
    return false;
  }
}
