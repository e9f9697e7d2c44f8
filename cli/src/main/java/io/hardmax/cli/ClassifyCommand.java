package io.hardmax.cli;

import io.hardmax.core.AtomicFiles;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hardmax.attention.ClusterContribution;
import io.hardmax.attention.Explanation;
import io.hardmax.attention.SentimentModel;
import io.hardmax.attention.TokenContribution;
import io.hardmax.datasets.Review;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hardmax classify}: labels reviews with exact hardmax inference and names the leaders behind each decision. */
@Command(name = "classify", mixinStandardHelpOptions = true,
    description = {"Classify reviews: files, folders, globs, dataset specs (imdb:test) or - (stdin, one review per line).",
      "Default output: one line per review: id, label, probability of positive, the 3 strongest leader words."})
final class ClassifyCommand implements Callable<Integer> {
  static final int CHUNK = 256;

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "INPUT", description = "review files, folders, globs, dataset specs or -")
  List<String> inputs;

  @Mixin InputOptions in;

  @Mixin ModelOptions mo;

  @Option(names = "--format", defaultValue = "text", description = "text, tsv, json or jsonl (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--output", paramLabel = "FILE", description = "write here (atomically) instead of stdout")
  Path output;

  @Override
  public Integer call() throws Exception {
    if (!List.of("text", "tsv", "json", "jsonl").contains(format)) {
      throw new CliException("--format must be text, tsv, json or jsonl, was '" + format + "'");
    }
    SentimentModel model = mo.load();
    int threads = mo.threads();
    long[] count = new long[1];
    if (output != null) {
      AtomicFiles.write(output, out -> run(model, threads, out, count));
    } else {
      run(model, threads, new OutputStream() {
        final PrintWriter w = spec.commandLine().getOut();

        @Override
        public void write(int b) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void write(byte[] b, int off, int len) {
          w.write(new String(b, off, len, StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
          w.flush();
        }
      }, count);
    }
    if (in.skips.count() > 0) {
      spec.commandLine().getErr().println("hardmax: " + in.skips.summary());
    }
    return Main.OK;
  }

  private void run(SentimentModel model, int threads, OutputStream os, long[] count) throws IOException {
    Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
    ObjectMapper mapper = new ObjectMapper();
    JsonGenerator json = null;
    if (format.equals("json")) {
      json = mapper.getFactory().createGenerator(w).useDefaultPrettyPrinter();
      json.writeStartArray();
    } else if (format.equals("tsv")) {
      w.write("id\tlabel\tprobability\tlogit\tleaders\n");
    }
    ForkJoinPool pool = new ForkJoinPool(threads);
    try (Stream<Review> reviews = in.open(inputs); Progress progress = new Progress("classify", -1)) {
      Iterator<Review> it = reviews.iterator();
      List<Review> chunk = new ArrayList<>(CHUNK);
      while (it.hasNext()) {
        chunk.clear();
        while (it.hasNext() && chunk.size() < CHUNK) {
          chunk.add(it.next());
        }
        List<Review> batch = List.copyOf(chunk);
        List<Explanation> ex = pool.submit(() -> batch.parallelStream().map(r -> model.explain(r.text())).toList()).get();
        for (int i = 0; i < batch.size(); i++) {
          write(w, json, mapper, batch.get(i), ex.get(i));
        }
        count[0] += batch.size();
        progress.step(batch.size(), count[0] + " reviews");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(c);
    } finally {
      pool.shutdownNow();
    }
    if (json != null) {
      json.writeEndArray();
      json.flush();
      w.write("\n");
    }
    w.flush();
  }

  static List<String> topLeaders(Explanation e, int k) {
    List<String> out = new ArrayList<>();
    for (ClusterContribution c : e.clusters()) {
      if (c.leader() >= 0 && out.size() < k) {
        out.add(c.leaderText());
      }
    }
    return out;
  }

  private void write(Writer w, JsonGenerator json, ObjectMapper mapper, Review r, Explanation e) throws IOException {
    switch (format) {
      case "text" -> w.write(String.format(Locale.ROOT, "%s\t%s\t%.4f\t%s%n", r.id(), e.label() == 1 ? "positive" : "negative",
          e.probability(), String.join(" ", topLeaders(e, 3))));
      case "tsv" -> w.write(String.format(Locale.ROOT, "%s\t%d\t%.6f\t%.6f\t%s%n", tsv(r.id()), e.label(), e.probability(),
          e.logit(), String.join(" ", topLeaders(e, 3))));
      case "jsonl" -> {
        JsonGenerator g = mapper.getFactory().createGenerator(w);
        g.setRootValueSeparator(null);
        writeJson(g, r, e);
        g.flush();
        w.write("\n");
      }
      default -> writeJson(json, r, e);
    }
  }

  private static String tsv(String s) {
    return s.replace('\t', ' ').replace('\n', ' ');
  }

  /**
   * The JSON object of one review: id, label, probability, logit, bias, padding_contribution, leaders (words of
   * the clusters by |contribution|), and tokens with text, begin, end, leader (index into tokens; its own index
   * for a leader; -1 = the padding cluster), contribution and contribution_alone.
   */
  static void writeJson(JsonGenerator g, Review r, Explanation e) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", r.id());
    g.writeNumberField("label", e.label());
    g.writeNumberField("probability", e.probability());
    g.writeNumberField("logit", e.logit());
    g.writeNumberField("bias", e.bias());
    g.writeNumberField("padding_contribution", e.paddingContribution());
    if (r.label() != null) {
      g.writeNumberField("gold", r.label());
    }
    g.writeArrayFieldStart("leaders");
    for (ClusterContribution c : e.clusters()) {
      if (c.leader() >= 0) {
        g.writeString(c.leaderText());
      }
    }
    g.writeEndArray();
    g.writeArrayFieldStart("tokens");
    for (TokenContribution t : e.tokens()) {
      g.writeStartObject();
      g.writeStringField("text", t.text());
      g.writeNumberField("begin", t.begin());
      g.writeNumberField("end", t.end());
      g.writeNumberField("leader", t.leader());
      g.writeNumberField("contribution", t.contribution());
      g.writeNumberField("contribution_alone", t.contributionAlone());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }
}
