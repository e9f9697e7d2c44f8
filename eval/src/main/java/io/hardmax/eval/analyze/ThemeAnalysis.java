package io.hardmax.eval.analyze;

import io.hardmax.attention.ClusterContribution;
import io.hardmax.attention.Explanation;
import io.hardmax.attention.SentimentModel;
import io.hardmax.em.CovarianceType;
import io.hardmax.em.GaussianMixture;
import io.hardmax.em.ModelSelection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

/**
 * The "themes" of a model on a corpus: every review is run through the model at exact hardmax inference, and
 * the final-layer state {@code z^L} of every leader (the token a final-layer cluster follows; Alcalde et al.
 * 2025, section 3) is collected with its word, its cluster's share of the logit and the review's prediction. A
 * Gaussian mixture is fitted to these states by EM ({@link io.hardmax.em.GmmTrainer}, k-means++ from
 * the seed) for K = 1..maxThemes, the K of lowest BIC is kept ({@link ModelSelection#byBic}), and every leader
 * goes to its most probable component. Components that receive no leader are dropped; the rest are the themes,
 * largest first.
 *
 * @param reviews    reviews analysed
 * @param predictedPositive reviews predicted positive among those with at least one leader (the baseline of the
 *                   themes' positive shares)
 * @param leaders    final-layer leaders over all reviews (the padding cluster, if any, is not a leader)
 * @param tokens     tokens covered by those leaders' clusters
 * @param covariance covariance type of the mixture
 * @param components number of mixture components chosen by BIC
 * @param bic        BIC of every K tried, index K - 1
 * @param converged  whether EM converged for the chosen K
 * @param iterations EM iterations of the chosen K
 * @param themes     the non-empty components, by leaders descending (ties: component index)
 * @param assignment theme index (into {@code themes}) of every leader, in {@link #states} order
 * @param states     every leader, review order then cluster order
 * @param seed       seed of the k-means++ initialisations
 */
public record ThemeAnalysis(int reviews, int predictedPositive, int leaders, int tokens, CovarianceType covariance, int components,
    List<Double> bic, boolean converged, int iterations, List<Theme> themes, int[] assignment,
    List<LeaderState> states, long seed) {

  /**
   * One leader of one review.
   *
   * @param review       index of the review
   * @param word         the leader's text
   * @param state        its final-layer state z^L, [d]
   * @param contribution its cluster's share of the logit (sum of the members' contributions)
   * @param tokens       tokens in its cluster, the leader included
   * @param predicted    the review's predicted label (1 positive, 0 negative)
   */
  public record LeaderState(int review, String word, double[] state, double contribution, int tokens, int predicted) {}

  /**
   * A word and how often it leads in a theme.
   *
   * @param word  the leader text
   * @param count leaders with this text in the theme
   */
  public record WordCount(String word, int count) {}

  /**
   * A theme: one mixture component and the leaders assigned to it.
   *
   * @param index             position in the list of themes (0-based; printed 1-based as T1, T2, ...)
   * @param component         index of the mixture component
   * @param weight            the component's mixing weight
   * @param leaders           leaders assigned to it
   * @param tokens            tokens in their clusters
   * @param topWords          most frequent leader words, count descending then text
   * @param distinctWords     distinct leader words
   * @param meanContribution  mean share of the logit of its leaders' clusters
   * @param totalContribution summed share of the logit over all its clusters
   * @param reviews           reviews in which it has a leader
   * @param positiveReviews   of those, reviews predicted positive
   * @param drives            "positive" or "negative": the sign of {@code totalContribution}
   */
  public record Theme(int index, int component, double weight, int leaders, int tokens, List<WordCount> topWords,
      int distinctWords, double meanContribution, double totalContribution, int reviews, int positiveReviews,
      String drives) {
    public Theme {
      topWords = List.copyOf(topWords);
    }

    /** Share of its reviews predicted positive. */
    public double positiveShare() {
      return reviews == 0 ? 0 : positiveReviews / (double) reviews;
    }

    /** Share of its reviews predicted negative. */
    public double negativeShare() {
      return reviews == 0 ? 0 : 1 - positiveShare();
    }
  }

  public ThemeAnalysis {
    bic = List.copyOf(bic);
    themes = List.copyOf(themes);
    assignment = assignment.clone();
    states = List.copyOf(states);
  }

  /** The leaders of one explained review. */
  public static List<LeaderState> leadersOf(int review, Explanation e) {
    float[][] last = e.trajectory()[e.trajectory().length - 1];
    List<LeaderState> out = new ArrayList<>();
    for (ClusterContribution c : e.clusters()) {
      if (c.leader() < 0) {
        continue;
      }
      float[] z = last[c.leader()];
      double[] s = new double[z.length];
      for (int k = 0; k < z.length; k++) {
        s[k] = z[k];
      }
      out.add(new LeaderState(review, c.leaderText(), s, c.contribution(), c.members().size(), e.label()));
    }
    return out;
  }

  /** Explains every text with {@code threads} workers and collects the leaders (result independent of threads). */
  public static List<LeaderState> collect(SentimentModel model, List<String> texts, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, found " + threads);
    }
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      List<List<LeaderState>> per = pool.submit(() -> java.util.stream.IntStream.range(0, texts.size()).parallel()
          .mapToObj(i -> leadersOf(i, model.explain(texts.get(i)))).toList()).get();
      List<LeaderState> all = new ArrayList<>();
      per.forEach(all::addAll);
      return all;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("explaining the reviews failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Runs the analysis.
   *
   * @param model      the model
   * @param texts      the reviews, at least one
   * @param maxThemes  largest number of mixture components tried, &gt;= 1 (capped at the number of leaders)
   * @param topWords   leader words kept per theme, &gt;= 1
   * @param covariance covariance type of the mixture
   * @param threads    worker threads for the forward passes
   * @param seed       seed of the k-means++ initialisations
   */
  public static ThemeAnalysis run(SentimentModel model, List<String> texts, int maxThemes, int topWords,
      CovarianceType covariance, int threads, long seed) {
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("no reviews to analyse");
    }
    return fit(collect(model, texts, threads), texts.size(), maxThemes, topWords, covariance, seed);
  }

  /** Fits the mixture to collected leaders (see {@link #run}). */
  public static ThemeAnalysis fit(List<LeaderState> states, int reviews, int maxThemes, int topWords,
      CovarianceType covariance, long seed) {
    if (maxThemes < 1) {
      throw new IllegalArgumentException("maxThemes must be >= 1, found " + maxThemes);
    }
    if (topWords < 1) {
      throw new IllegalArgumentException("topWords must be >= 1, found " + topWords);
    }
    if (states.isEmpty()) {
      throw new IllegalArgumentException("the reviews have no final-layer leader (are they all empty?)");
    }
    int n = states.size();
    double[][] x = new double[n][];
    int tokens = 0;
    for (int i = 0; i < n; i++) {
      x[i] = states.get(i).state();
      tokens += states.get(i).tokens();
    }
    ModelSelection.BicChoice choice = ModelSelection.byBic(x, Math.min(maxThemes, n), covariance, seed);
    GaussianMixture gm = choice.best();
    int[] comp = gm.predict(x);
    int k = gm.components();
    int[] size = new int[k];
    for (int c : comp) {
      size[c]++;
    }
    List<Integer> order = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      if (size[c] > 0) {
        order.add(c);
      }
    }
    order.sort(Comparator.comparingInt((Integer c) -> -size[c]).thenComparingInt(c -> c));
    int[] themeOf = new int[k];
    for (int t = 0; t < order.size(); t++) {
      themeOf[order.get(t)] = t;
    }
    int[] assignment = new int[n];
    for (int i = 0; i < n; i++) {
      assignment[i] = themeOf[comp[i]];
    }
    List<Theme> themes = new ArrayList<>();
    for (int t = 0; t < order.size(); t++) {
      int c = order.get(t);
      Map<String, Integer> words = new HashMap<>();
      Map<Integer, Integer> reviewLabel = new HashMap<>();
      int toks = 0;
      double total = 0;
      for (int i = 0; i < n; i++) {
        if (assignment[i] != t) {
          continue;
        }
        LeaderState s = states.get(i);
        words.merge(s.word(), 1, Integer::sum);
        reviewLabel.put(s.review(), s.predicted());
        toks += s.tokens();
        total += s.contribution();
      }
      List<WordCount> top = words.entrySet().stream()
          .sorted(Comparator.comparing((Map.Entry<String, Integer> e) -> -e.getValue()).thenComparing(Map.Entry::getKey))
          .limit(topWords).map(e -> new WordCount(e.getKey(), e.getValue())).toList();
      int pos = (int) reviewLabel.values().stream().filter(l -> l == 1).count();
      themes.add(new Theme(t, c, gm.weights()[c], size[c], toks, top, words.size(), total / size[c], total,
          reviewLabel.size(), pos, total >= 0 ? "positive" : "negative"));
    }
    List<Double> bic = choice.fits().stream().map(GaussianMixture::bic).toList();
    Map<Integer, Integer> labels = new HashMap<>();
    for (LeaderState s : states) {
      labels.put(s.review(), s.predicted());
    }
    int positive = (int) labels.values().stream().filter(l -> l == 1).count();
    return new ThemeAnalysis(reviews, positive, n, tokens, covariance, k, bic, gm.converged(), gm.iterations(), themes,
        assignment, states, seed);
  }
}
