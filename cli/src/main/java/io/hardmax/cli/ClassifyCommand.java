package io.hardmax.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.hardmax.attention.ClusterContribution;
import io.hardmax.attention.Explanation;
import io.hardmax.attention.SentimentModel;
import io.hardmax.attention.TokenContribution;
import io.hardmax.core.AtomicFiles;
import io.hardmax.datasets.Review;
import io.hardmax.eval.report.ExplanationJson;
import io.hardmax.eval.report.JsonBytes;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hardmax classify}: labels reviews with exact hardmax inference and names the leaders behind each decision.
 *
 * <p>Streams with bounded memory: reviews are read lazily, classified in batches of {@value #BATCH} on
 * {@code --threads} workers (tokenizing, the forward pass, the leaders and the formatting of the output lines all
 * happen on the workers), and written in input order; at most {@code IN_FLIGHT_PER_THREAD * threads} batches are
 * held at once ({@link OrderedPipeline}). The output does not depend on the thread count.
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
    description = {"Classify reviews: files, folders, globs, dataset specs (imdb:test) or - (stdin, one review per line).",
      "Default output: one line per review: id, label, probability of positive, the 3 strongest leader words."})
final class ClassifyCommand implements Callable<Integer> {
  /** Reviews per batch handed to a worker. */
  static final int BATCH = 64;
  /** Batches read but not yet written, per worker thread. */
  static final int IN_FLIGHT_PER_THREAD = 4;

  /** Output formats. */
  enum Format { text, tsv, json, jsonl }

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "INPUT", description = "review files, folders, globs, dataset specs or -")
  List<String> inputs;

  @Mixin InputOptions in;

  @Mixin ModelOptions mo;

  @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  Format format;

  @Option(names = "--output", paramLabel = "FILE", description = "write here (atomically) instead of stdout")
  Path output;

  /** {@code --format json}: the explanations' factory, whose doubles have the digits of the jsonl writer. */
  private static final JsonFactory JSON = ExplanationJson.newFactory();

  /** Each worker's jsonl buffer, kept from batch to batch (a batch of IMDb reviews is about 3.4 MB of jsonl). */
  private static final ThreadLocal<JsonBytes> LINES = ThreadLocal.withInitial(() -> new JsonBytes(1 << 22));

  @Override
  public Integer call() throws Exception {
    SentimentModel model = mo.load();
    int threads = mo.threads();
    if (output != null) {
      AtomicFiles.write(output, out -> {
        OutputStream b = new BufferedOutputStream(out, 1 << 16);
        run(model, threads, b::write);
        b.flush();
      });
    } else {
      PrintWriter w = spec.commandLine().getOut();
      w.flush();
      if (w instanceof StdoutWriter s) {
        // the workers' UTF-8 bytes go to standard output as they are
        OutputStream o = s.stream();
        run(model, threads, o::write);
        o.flush();
      } else {
        run(model, threads, b -> w.write(new String(b, StandardCharsets.UTF_8)));
        w.flush();
      }
    }
    if (in.skips.count() > 0) {
      spec.commandLine().getErr().println("hardmax: " + in.skips.summary());
    }
    return Main.OK;
  }

  /** Where the output's bytes (UTF-8) go, on the calling thread. */
  @FunctionalInterface
  private interface Bytes {
    void write(byte[] b) throws IOException;
  }

  private static final byte[] JSON_OPEN = {'['};
  private static final byte[] JSON_FIRST = {' '};
  private static final byte[] JSON_NEXT = {',', ' '};

  private void run(SentimentModel model, int threads, Bytes w) throws IOException {
    if (format == Format.json) {
      w.write(JSON_OPEN);
    } else if (format == Format.tsv) {
      w.write("id\tlabel\tprobability\tlogit\tleaders\n".getBytes(StandardCharsets.UTF_8));
    }
    boolean[] first = {true};
    try (Stream<Review> reviews = in.open(inputs); Progress progress = new Progress("classify", -1)) {
      long[] count = {0};
      OrderedPipeline.run(reviews.iterator(), BATCH, threads, IN_FLIGHT_PER_THREAD * threads,
          batch -> format(model, batch),
          (bytes, n) -> {
            if (format == Format.json && bytes.length > 0) {
              w.write(first[0] ? JSON_FIRST : JSON_NEXT); // as Jackson's default pretty printer writes an array
              first[0] = false;
            }
            w.write(bytes);
            count[0] += n;
            progress.step(n, count[0] + " reviews");
          });
    }
    if (format == Format.json) {
      w.write(" ]\n".getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * The output of a batch of reviews as UTF-8 (run on a worker). jsonl is written directly
   * ({@link ExplanationJson#writeLine}); json is generated into an encoder over a byte buffer, so no string of the
   * whole batch is built (such a string widened to UTF-16 at the batch's first non-Latin-1 character, a sixth of the
   * jsonl CPU once); a lone surrogate becomes '?' in both, as an encoding writer makes it.
   */
  private byte[] format(SentimentModel model, List<Review> batch) {
    try {
      if (format == Format.jsonl) {
        // one line per review, written straight as UTF-8 (the same bytes as the generator below writes, tested)
        JsonBytes out = LINES.get().clear();
        for (Review r : batch) {
          ExplanationJson.writeLine(out, r.id(), r.label(), model.explain(model.encode(r.text()), false));
          out.raw('\n');
        }
        return out.toByteArray();
      }
      StringBuilder sb = null;
      ByteArrayBuilder bytes = null;
      JsonGenerator g = null;
      if (format == Format.json) {
        bytes = new ByteArrayBuilder(batch.size() * 8192);
        g = JSON.createGenerator(new OutputStreamWriter(bytes, StandardCharsets.UTF_8));
        g.setPrettyPrinter(new DefaultPrettyPrinter().withRootSeparator(", "));
      } else {
        sb = new StringBuilder(batch.size() * 64);
      }
      for (Review r : batch) {
        Explanation e = model.explain(model.encode(r.text()), false);
        switch (format) {
          case text -> {
            sb.append(r.id()).append('\t').append(e.label() == 1 ? "positive" : "negative").append('\t');
            Decimals.appendFixed(sb, e.probability(), 4).append('\t');
            appendLeaders(sb, e, 3).append('\n');
          }
          case tsv -> {
            sb.append(tsv(r.id())).append('\t').append(e.label()).append('\t');
            Decimals.appendFixed(sb, e.probability(), 6).append('\t');
            Decimals.appendFixed(sb, e.logit(), 6).append('\t');
            appendLeaders(sb, e, 3).append('\n');
          }
          default -> writeJson(g, r, e);
        }
      }
      if (g != null) {
        g.close(); // and the encoder: its bytes are in the buffer
        return bytes.toByteArray();
      }
      return sb.toString().getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code k} strongest leader words, space-separated (clusters come by |contribution|; padding skipped). */
  private static StringBuilder appendLeaders(StringBuilder sb, Explanation e, int k) {
    int n = 0;
    for (ClusterContribution c : e.clusters()) {
      if (c.leader() >= 0 && n < k) {
        if (n++ > 0) {
          sb.append(' ');
        }
        sb.append(c.leaderText());
      }
    }
    return sb;
  }

  private static String tsv(String s) {
    return s.replace('\t', ' ').replace('\n', ' ');
  }

  /** The JSON object of one review: the schema written by {@link ExplanationJson} (shared with {@code hardmax serve}). */
  static void writeJson(JsonGenerator g, Review r, Explanation e) throws IOException {
    ExplanationJson.write(g, r.id(), r.label(), e, ExplanationJson.Detail.TOKENS);
  }
}
