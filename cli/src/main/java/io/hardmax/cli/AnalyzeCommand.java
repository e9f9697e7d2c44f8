package io.hardmax.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hardmax.attention.SentimentModel;
import io.hardmax.em.CovarianceType;
import io.hardmax.datasets.Review;
import io.hardmax.eval.analyze.AnalysisReport;
import io.hardmax.eval.analyze.EmbeddingAnalysis;
import io.hardmax.eval.analyze.ThemeAnalysis;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hardmax analyze}: PCA of the word embeddings and the themes of the final-layer leaders. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
    description = "Analyse what a model learned: PCA of its word embeddings with a map of frequent and polar words "
        + "(readout score v.e), and, with --data, themes of the final-layer leader states (Gaussian mixture, K by BIC).")
final class AnalyzeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ModelOptions modelOptions;

  @Mixin InputOptions in;

  @Option(names = "--data", paramLabel = "SPEC", description = "reviews for the themes: imdb:test, a file, a folder, FORMAT:PATH (labels not needed)")
  List<String> data = new ArrayList<>();

  @Option(names = "--limit", paramLabel = "N", description = "analyse a seeded random sample of N reviews of --data, kept in input order (default: all)")
  Integer limit;

  @Option(names = "--report", paramLabel = "DIR", description = "write PNG/SVG plots, analysis.json and index.html here")
  Path report;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the PCA, the sample and the k-means++ starts (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--words", defaultValue = "30", paramLabel = "N",
      description = "frequent words on the map, and polar words (half positive, half negative) (default: ${DEFAULT-VALUE})")
  int words;

  @Option(names = "--max-themes", defaultValue = "8", paramLabel = "K", description = "largest number of themes tried by BIC (default: ${DEFAULT-VALUE})")
  int maxThemes;

  @Option(names = "--covariance", defaultValue = "diagonal", paramLabel = "TYPE",
      description = "covariance of the theme mixture: full, diagonal or spherical (default: ${DEFAULT-VALUE})")
  String covariance;

  /** Leader words kept per theme. */
  static final int TOP_WORDS = 10;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("text") && !format.equals("json")) {
      throw new CliException("--format must be text or json, was '" + format + "'");
    }
    if (words < 0 || words > 1000) {
      throw new CliException("--words must be between 0 and 1000, was " + words);
    }
    if (maxThemes < 1 || maxThemes > 50) {
      throw new CliException("--max-themes must be between 1 and 50, was " + maxThemes);
    }
    if (limit != null && limit < 1) {
      throw new CliException("--limit must be >= 1, was " + limit);
    }
    if (limit != null && data.isEmpty()) {
      throw new CliException("--limit needs --data");
    }
    CovarianceType cov = switch (covariance) {
      case "full" -> CovarianceType.FULL;
      case "diagonal" -> CovarianceType.DIAGONAL;
      case "spherical" -> CovarianceType.SPHERICAL;
      default -> throw new CliException("--covariance must be full, diagonal or spherical, was '" + covariance + "'");
    };
    int threads = modelOptions.threads();
    SentimentModel model = modelOptions.load();
    String name = modelOptions.model == null ? "bundled" : modelOptions.model.getFileName().toString();
    List<String> texts = new ArrayList<>();
    if (!data.isEmpty()) {
      try (Stream<Review> s = in.open(data)) {
        texts = limit == null ? s.map(Review::text).toList() : sample(s, limit, seed);
      }
      if (texts.isEmpty()) {
        throw new CliException(String.join(" ", data) + ": no reviews found");
      }
    }
    EmbeddingAnalysis.Fit fit = EmbeddingAnalysis.fit(model, words, seed);
    ThemeAnalysis themes = data.isEmpty() ? null
        : ThemeAnalysis.run(model, texts, maxThemes, TOP_WORDS, cov, threads, seed);
    AnalysisReport result = new AnalysisReport(name, data.isEmpty() ? null : String.join(" ", data), fit, themes);
    PrintWriter out = spec.commandLine().getOut();
    if (format.equals("json")) {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      out.println(mapper.writeValueAsString(result.toJson(mapper)));
    } else {
      result.printText(out, 10);
    }
    out.flush();
    if (report != null) {
      Path page = result.write(report);
      spec.commandLine().getErr().println("hardmax: wrote the analysis " + page);
    }
    if (in.skips.count() > 0) {
      spec.commandLine().getErr().println("hardmax: " + in.skips.summary());
    }
    return Main.OK;
  }

  /**
   * A uniform random sample of {@code k} reviews' texts (reservoir sampling, Vitter's algorithm R, from
   * {@code seed}), returned in input order. IMDb files are sorted by label, so the first k would be one-sided.
   */
  static List<String> sample(Stream<Review> reviews, int k, long seed) {
    Random rnd = new Random(seed);
    List<String> keep = new ArrayList<>(k);
    List<Long> at = new ArrayList<>(k);
    long[] seen = {0};
    reviews.forEachOrdered(r -> {
      long i = seen[0]++;
      if (i < k) {
        keep.add(r.text());
        at.add(i);
      } else {
        long j = (long) (rnd.nextDouble() * (i + 1));
        if (j < k) {
          keep.set((int) j, r.text());
          at.set((int) j, i);
        }
      }
    });
    Integer[] order = new Integer[keep.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, java.util.Comparator.comparingLong(at::get));
    List<String> out = new ArrayList<>(order.length);
    for (int i : order) {
      out.add(keep.get(i));
    }
    return out;
  }
}
