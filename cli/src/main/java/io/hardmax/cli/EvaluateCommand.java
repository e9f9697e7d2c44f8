package io.hardmax.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hardmax.attention.SentimentModel;
import io.hardmax.datasets.Review;
import io.hardmax.eval.Evaluation;
import io.hardmax.eval.bench.Machine;
import io.hardmax.eval.report.EvaluationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hardmax evaluate}: metrics, clustering diagnostics and the paper's leader statistics on labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Evaluate models on labelled reviews: accuracy (bootstrap 95 %% interval), per-class P/R/F1, "
        + "ROC-AUC, log-loss, Brier, calibration error, accuracy by length, clustering diagnostics and leader statistics.")
final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "SPEC", description = "labelled data: imdb:test, behavioural:v1 (the hand-written behavioural set), a file, a folder, FORMAT:PATH")
  List<String> data;

  @Option(names = "--model", paramLabel = "FILE", description = "model files to compare (default: the bundled model)")
  List<Path> models = new ArrayList<>();

  @Mixin InputOptions in;

  @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: all cores)")
  Integer threads;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the bootstrap interval (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--report", paramLabel = "DIR", description = "write PNG/SVG plots and an HTML summary here")
  Path report;

  @Option(names = "--debug", description = "print stack traces of errors")
  boolean debug;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("text") && !format.equals("json")) {
      throw new CliException("--format must be text or json, was '" + format + "'");
    }
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    List<Review> reviews;
    try (Stream<Review> s = in.open(data)) {
      reviews = s.toList();
    }
    for (Review r : reviews) {
      if (r.label() == null) {
        throw new CliException(r.origin() + ": review " + r.id() + " has no label; evaluate needs labelled data");
      }
    }
    List<Evaluation> evals = new ArrayList<>();
    if (models.isEmpty()) {
      evals.add(Evaluation.run("bundled", SentimentModel.loadDefault(), reviews, t, seed));
    }
    for (Path m : models) {
      evals.add(Evaluation.run(m.getFileName().toString(), SentimentModel.load(m), reviews, t, seed));
    }
    PrintWriter out = spec.commandLine().getOut();
    String dataName = String.join(" ", data);
    if (format.equals("json")) {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode root;
      if (evals.size() == 1) {
        root = evals.get(0).toJson(mapper);
      } else {
        root = mapper.createObjectNode();
        ArrayNode a = root.putArray("models");
        evals.forEach(e -> a.add(e.toJson(mapper)));
        root.put("accuracy", evals.get(0).metrics().accuracy());
      }
      root.put("data", dataName);
      root.set("machine", Machine.current().toJson(mapper));
      out.println(mapper.writeValueAsString(root));
    } else {
      for (Evaluation e : evals) {
        printText(out, dataName, e);
      }
    }
    if (report != null) {
      Path page = EvaluationReport.write(report, dataName, evals);
      spec.commandLine().getErr().println("hardmax: wrote the report " + page);
    }
    if (in.skips.count() > 0) {
      spec.commandLine().getErr().println("hardmax: " + in.skips.summary());
    }
    out.flush();
    return Main.OK;
  }

  private static void printText(PrintWriter out, String data, Evaluation e) {
    var m = e.metrics();
    out.printf(Locale.ROOT, "model %s on %s (%d reviews)%n", e.name(), data, m.n());
    out.printf(Locale.ROOT, "  accuracy          %.4f  (95%% bootstrap %.4f-%.4f)%n", m.accuracy(), m.accuracyLow(), m.accuracyHigh());
    for (var c : m.perClass()) {
      out.printf(Locale.ROOT, "  %-8s          precision %.4f  recall %.4f  F1 %.4f  support %d%n", c.label() == 1 ? "positive" : "negative",
          c.precision(), c.recall(), c.f1(), c.support());
    }
    out.printf(Locale.ROOT, "  ROC-AUC %.4f  log-loss %.4f  Brier %.4f  ECE %.4f%n", m.rocAuc(), m.logLoss(), m.brier(), m.ece());
    out.printf(Locale.ROOT, "  confusion [[%d, %d], [%d, %d]] (rows gold neg/pos, columns predicted)%n", m.confusion()[0][0],
        m.confusion()[0][1], m.confusion()[1][0], m.confusion()[1][1]);
    out.print("  accuracy by length:");
    for (var b : e.lengthBuckets()) {
      out.printf(Locale.ROOT, "  %s: %.4f (%d)", b.label(), b.accuracy(), b.count());
    }
    out.println();
    out.printf(Locale.ROOT, "  clustering: median share following another word %.3f, mean clusters %.1f, mean travel %.4f%n",
        e.medianFollowerShare(), e.meanClusters(), e.meanTravel());
    out.printf(Locale.ROOT, "  accuracy without attention %.4f (attention adds %+.4f); ROC-AUC without attention %.4f%n",
        e.accuracyNoAttention(), m.accuracy() - e.accuracyNoAttention(), e.rocAucNoAttention());
    out.printf(Locale.ROOT, "  leaders per review: mean %.2f, std %.2f, min %.0f, max %.0f; final leaders already leaders at layer 0: %.3f%n",
        e.leaders()[0], e.leaders()[1], e.leaders()[2], e.leaders()[3], e.leadersAlreadyFirst());
    out.print("  leader words:");
    int k = 0;
    for (Map.Entry<String, Integer> w : e.leaderWords()) {
      if (k++ == 15) {
        break;
      }
      out.print(" " + w.getKey() + " (" + w.getValue() + ")");
    }
    out.println();
    if (!e.capabilities().isEmpty()) {
      int width = Math.max(10, e.capabilities().stream().mapToInt(g -> g.group().length()).max().orElse(0));
      out.printf(Locale.ROOT, "  accuracy per capability:%n    %-" + width + "s  %5s  %7s  %8s  %s%n", "capability", "count", "correct",
          "accuracy", "without attention");
      for (var g : e.capabilities()) {
        out.printf(Locale.ROOT, "    %-" + width + "s  %5d  %7d  %8.4f  %.4f%n", g.group(), g.count(), g.correct(), g.accuracy(),
            g.accuracyWithoutAttention());
      }
    }
  }
}
