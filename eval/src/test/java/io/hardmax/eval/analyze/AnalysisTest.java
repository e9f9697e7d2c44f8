package io.hardmax.eval.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hardmax.attention.ClusterContribution;
import io.hardmax.attention.Explanation;
import io.hardmax.attention.SentimentModel;
import io.hardmax.em.CovarianceType;
import io.hardmax.nlp.Vocabulary;
import java.io.StringWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding and theme analyses on the bundled model with a handful of synthetic reviews. */
class AnalysisTest {
  static SentimentModel model;
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> TEXTS = List.of(
      "A wonderful film, the acting is superb and the story moving. I loved every minute.",
      "Boring and far too long; a waste of money. The worst film of the year.",
      "The plot was weak and the dialogue awful, but the music was great.",
      "One of the best movies I have seen: funny, clever and beautifully shot.",
      "Terrible. Avoid this mess, the characters are stupid and the ending is bad.",
      "Not bad at all. The cast is fine and the director knows what he is doing.",
      "I expected more. Dull, predictable, and the jokes fall flat.",
      "A masterpiece, highly recommended to anyone who loves cinema.");

  @BeforeAll
  static void load() {
    model = SentimentModel.loadDefault();
  }

  @Test
  void explainedVarianceRatiosAreSortedAndSumToAtMostOne() {
    EmbeddingAnalysis a = EmbeddingAnalysis.run(model, 10, 7);
    double[] r = a.explainedVarianceRatio();
    assertThat(r).hasSize(Math.min(model.config().dim(), EmbeddingAnalysis.MAX_COMPONENTS));
    double sum = 0;
    for (int i = 0; i < r.length; i++) {
      assertThat(r[i]).isBetween(0.0, 1.0);
      if (i > 0) {
        assertThat(r[i]).isLessThanOrEqualTo(r[i - 1] + 1e-12);
      }
      assertThat(a.explainedVariance()[i] / a.totalVariance()).isCloseTo(r[i], within(1e-12));
      sum += r[i];
    }
    assertThat(sum).isLessThanOrEqualTo(1 + 1e-9);
    if (r.length == a.dim()) {
      // all d eigenvalues: they add up to the trace
      assertThat(sum).isCloseTo(1, within(1e-6));
    }
    // the trailing eigenvalues of the bundled model are nearly equal, so the power method's vector-change test
    // may not be met within its cap; the pairs are still accurate (||C u - lambda u|| small against lambda_1)
    assertThat(a.residual()).isLessThan(1e-4 * a.explainedVariance()[0]);
    assertThat(a.vocabulary()).isEqualTo(model.vocabulary().size() - 2);
    // the readout direction is v's coordinates on the first two axes
    assertThat(Math.hypot(a.readoutDirection()[0], a.readoutDirection()[1])).isGreaterThan(0);
    double vn = 0;
    for (float x : model.readout()) {
      vn += (double) x * x;
    }
    for (int i = 0; i < 2; i++) {
      assertThat(a.readoutCosine()[i]).isCloseTo(a.readoutDirection()[i] / Math.sqrt(vn), within(1e-12)).isBetween(-1.0, 1.0);
    }
    assertThat(a.readoutCosine()[0] * a.readoutCosine()[0] + a.readoutCosine()[1] * a.readoutCosine()[1])
        .isLessThanOrEqualTo(1 + 1e-9);
  }

  @Test
  void polarWordsAreTheExtremeReadoutScoresAndFrequentWordsTheFirstUnigrams() {
    int words = 11; // 6 positive, 5 negative
    EmbeddingAnalysis a = EmbeddingAnalysis.run(model, words, 1);
    double[] score = EmbeddingAnalysis.scores(model);
    Vocabulary vocab = model.vocabulary();
    List<Integer> eligible = IntStream.range(2, vocab.size()).filter(i -> EmbeddingAnalysis.hasLetter(vocab.token(i)))
        .boxed().sorted(Comparator.comparingDouble((Integer i) -> -score[i])).toList();
    Set<Integer> top = new HashSet<>(eligible.subList(0, 6));
    Set<Integer> bottom = new HashSet<>(eligible.subList(eligible.size() - 5, eligible.size()));
    assertThat(ids(a, EmbeddingAnalysis.Kind.POSITIVE)).isEqualTo(top);
    assertThat(ids(a, EmbeddingAnalysis.Kind.NEGATIVE)).isEqualTo(bottom);
    for (EmbeddingAnalysis.MapWord w : a.words()) {
      assertThat(w.score()).isEqualTo(score[w.id()]);
      assertThat(w.word()).isEqualTo(vocab.token(w.id()));
      if (w.kind() == EmbeddingAnalysis.Kind.POSITIVE) {
        assertThat(w.score()).isGreaterThan(0);
      }
    }
    // frequent: the first unigram entries with a letter that are not already polar
    List<Integer> frequent = IntStream.range(2, vocab.bigramStart()).filter(i -> EmbeddingAnalysis.hasLetter(vocab.token(i)))
        .limit(words).boxed().filter(i -> !top.contains(i) && !bottom.contains(i)).toList();
    assertThat(a.words().stream().filter(w -> w.kind() == EmbeddingAnalysis.Kind.FREQUENT).map(EmbeddingAnalysis.MapWord::id)
        .toList()).isEqualTo(frequent);
    assertThat(vocab.token(frequent.get(0))).isEqualTo("the");
    // the map coordinates are the PCA projection of the embedding
    EmbeddingAnalysis.Fit fit = EmbeddingAnalysis.fit(model, words, 1);
    EmbeddingAnalysis.MapWord w0 = a.words().get(0);
    float[] e = model.embeddings()[w0.id()];
    double[] x = new double[e.length];
    for (int c = 0; c < e.length; c++) {
      x[c] = e[c];
    }
    assertThat(fit.pca().project(x)[0]).isEqualTo(w0.x());
    assertThat(EmbeddingAnalysis.run(model, 0, 1).words()).isEmpty();
    assertThatThrownBy(() -> EmbeddingAnalysis.run(model, -1, 1)).hasMessageContaining("words must be >= 0");
  }

  private static Set<Integer> ids(EmbeddingAnalysis a, EmbeddingAnalysis.Kind k) {
    return a.words().stream().filter(w -> w.kind() == k).map(EmbeddingAnalysis.MapWord::id).collect(Collectors.toSet());
  }

  @Test
  void themesPartitionTheLeadersOfTheExplanations() {
    ThemeAnalysis t = ThemeAnalysis.run(model, TEXTS, 4, 5, CovarianceType.DIAGONAL, 2, 3);
    int leaders = 0;
    int tokens = 0;
    int depth = model.config().depth();
    List<ThemeAnalysis.LeaderState> expected = new ArrayList<>();
    for (int r = 0; r < TEXTS.size(); r++) {
      Explanation e = model.explain(TEXTS.get(r));
      for (ClusterContribution c : e.clusters()) {
        if (c.leader() >= 0) {
          leaders++;
          tokens += c.members().size();
          ThemeAnalysis.LeaderState s = t.states().get(expected.size());
          assertThat(s.review()).isEqualTo(r);
          assertThat(s.word()).isEqualTo(c.leaderText());
          assertThat(s.contribution()).isEqualTo(c.contribution());
          assertThat(s.predicted()).isEqualTo(e.label());
          float[] z = e.trajectory()[depth][c.leader()];
          for (int k = 0; k < z.length; k++) {
            assertThat(s.state()[k]).isEqualTo(z[k]);
          }
          expected.add(s);
        }
      }
    }
    assertThat(t.leaders()).isEqualTo(leaders).isEqualTo(t.states().size()).isEqualTo(t.assignment().length);
    assertThat(t.tokens()).isEqualTo(tokens);
    assertThat(t.predictedPositive()).isEqualTo((int) TEXTS.stream().filter(x -> model.predict(x).label() == 1).count());
    assertThat(t.themes().stream().mapToInt(ThemeAnalysis.Theme::leaders).sum()).isEqualTo(leaders);
    assertThat(t.themes().stream().mapToInt(ThemeAnalysis.Theme::tokens).sum()).isEqualTo(tokens);
    assertThat(t.themes().size()).isBetween(1, t.components());
    assertThat(t.components()).isBetween(1, 4);
    assertThat(t.bic()).hasSize(4);
    double total = 0;
    for (ThemeAnalysis.Theme th : t.themes()) {
      int members = 0;
      double sum = 0;
      for (int i = 0; i < t.assignment().length; i++) {
        if (t.assignment()[i] == th.index()) {
          members++;
          sum += t.states().get(i).contribution();
        }
      }
      assertThat(th.leaders()).isEqualTo(members).isPositive();
      assertThat(th.totalContribution()).isCloseTo(sum, within(1e-9));
      assertThat(th.meanContribution()).isCloseTo(sum / members, within(1e-9));
      assertThat(th.drives()).isEqualTo(sum >= 0 ? "positive" : "negative");
      assertThat(th.topWords()).isNotEmpty().hasSizeLessThanOrEqualTo(5);
      assertThat(th.topWords().get(0).count()).isGreaterThanOrEqualTo(th.topWords().get(th.topWords().size() - 1).count());
      assertThat(th.reviews()).isBetween(1, TEXTS.size());
      assertThat(th.positiveShare() + th.negativeShare()).isCloseTo(1, within(1e-12));
      total += sum;
    }
    // the clusters' contributions add up to the reviews' logits minus the bias (no padding pooled in this model)
    double logits = TEXTS.stream().mapToDouble(s -> model.predict(s).logit() - model.readoutBias()).sum();
    assertThat(total).isCloseTo(logits, within(1e-4));
  }

  @Test
  void sameSeedSameResultWhateverTheThreads() throws Exception {
    AnalysisReport a = report(5, 1);
    AnalysisReport b = report(5, 2);
    assertThat(JSON.writeValueAsString(a.toJson(JSON))).isEqualTo(JSON.writeValueAsString(b.toJson(JSON)));
    assertThat(a.themesMap().toSvg()).isEqualTo(b.themesMap().toSvg());
  }

  private static AnalysisReport report(long seed, int threads) {
    return new AnalysisReport("bundled", "synthetic", EmbeddingAnalysis.fit(model, 8, seed),
        ThemeAnalysis.run(model, TEXTS, 3, 10, CovarianceType.DIAGONAL, threads, seed));
  }

  @Test
  void jsonHasTheDocumentedFieldsAndTheReportIsWritten(@TempDir Path dir) throws Exception {
    AnalysisReport r = report(1, 2);
    JsonNode j = JSON.readTree(JSON.writeValueAsString(r.toJson(JSON)));
    for (String f : new String[] {"model", "data", "seed", "embedding", "themes"}) {
      assertThat(j.has(f)).as(f).isTrue();
    }
    JsonNode em = j.get("embedding");
    for (String f : new String[] {"vocabulary", "dim", "total_variance", "explained_variance", "explained_variance_ratio",
        "pca", "readout_direction", "readout_cosine", "words"}) {
      assertThat(em.has(f)).as(f).isTrue();
    }
    JsonNode w = em.get("words").get(0);
    for (String f : new String[] {"word", "id", "kind", "score", "x", "y"}) {
      assertThat(w.has(f)).as(f).isTrue();
    }
    JsonNode th = j.get("themes");
    for (String f : new String[] {"reviews", "predicted_positive", "leaders", "tokens", "covariance", "components", "bic", "converged",
        "iterations", "themes"}) {
      assertThat(th.has(f)).as(f).isTrue();
    }
    assertThat(th.get("reviews").asInt()).isEqualTo(TEXTS.size());
    JsonNode t0 = th.get("themes").get(0);
    for (String f : new String[] {"theme", "component", "weight", "leaders", "tokens", "distinct_words", "top_words",
        "mean_contribution", "total_contribution", "reviews", "positive_reviews", "positive_share", "negative_share",
        "drives"}) {
      assertThat(t0.has(f)).as(f).isTrue();
    }
    assertThat(t0.get("top_words").get(0).has("count")).isTrue();

    Path out = dir.resolve("analysis");
    Path page = r.write(out);
    assertThat(page).isEqualTo(out.resolve("index.html"));
    for (String p : AnalysisReport.PLOTS) {
      assertThat(Files.readString(out.resolve(p + ".svg"))).startsWith("<svg").contains("</svg>");
      byte[] png = Files.readAllBytes(out.resolve(p + ".png"));
      assertThat(png[1]).isEqualTo((byte) 'P');
    }
    assertThat(JSON.readTree(out.resolve("analysis.json").toFile())).isEqualTo(j);
    assertThat(Files.readString(page)).contains("<img src=\"embedding-map.svg\"").contains("themes-map.svg");
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"))
          .hasSize(2 * AnalysisReport.PLOTS.size() + 2);
    }

    // without data: no theme plots, "themes": null
    AnalysisReport none = new AnalysisReport("bundled", null, EmbeddingAnalysis.fit(model, 4, 1), null);
    assertThat(none.toJson(JSON).get("themes").isNull()).isTrue();
    Path only = dir.resolve("only");
    none.write(only);
    assertThat(only.resolve("embedding-map.svg")).exists();
    assertThat(only.resolve("themes-map.svg")).doesNotExist();
    StringWriter sw = new StringWriter();
    none.printText(new PrintWriter(sw, true), 5);
    assertThat(sw.toString()).contains("PCA explained variance ratio").contains("themes: no --data given");
  }

  @Test
  void textSummaryNamesEveryTheme() {
    AnalysisReport r = report(1, 1);
    StringWriter sw = new StringWriter();
    r.printText(new PrintWriter(sw, true), 3);
    String s = sw.toString();
    for (ThemeAnalysis.Theme t : r.themes().themes()) {
      assertThat(s).contains("T" + (t.index() + 1) + "  " + t.leaders() + " leaders");
    }
  }

  @Test
  void divergingScaleRunsFromRedThroughGreyToGreen() {
    assertThat(AnalysisReport.diverging(-2, 1)).isEqualTo("#d73027");
    assertThat(AnalysisReport.diverging(0, 1)).isEqualTo("#f7f7f7");
    assertThat(AnalysisReport.diverging(1, 1)).isEqualTo("#1a9850");
    assertThat(AnalysisReport.diverging(0.5, 0)).isEqualTo("#f7f7f7");
  }

  @Test
  void badArgumentsAreRejectedWithTheirValue() {
    assertThatThrownBy(() -> ThemeAnalysis.run(model, List.of(), 3, 5, CovarianceType.DIAGONAL, 1, 1))
        .hasMessageContaining("no reviews");
    assertThatThrownBy(() -> ThemeAnalysis.run(model, TEXTS, 0, 5, CovarianceType.DIAGONAL, 1, 1))
        .hasMessageContaining("maxThemes must be >= 1, found 0");
    assertThatThrownBy(() -> ThemeAnalysis.run(model, TEXTS, 2, 5, CovarianceType.DIAGONAL, 0, 1))
        .hasMessageContaining("threads must be >= 1, found 0");
  }
}
