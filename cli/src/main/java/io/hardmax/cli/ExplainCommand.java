package io.hardmax.cli;

import io.hardmax.core.AtomicFiles;
import io.hardmax.attention.Explanation;
import io.hardmax.attention.SentimentModel;
import io.hardmax.datasets.Review;
import io.hardmax.eval.report.ExplanationPage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hardmax explain}: why each review got its label, in the terminal or as a self-contained HTML page. */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = {"Explain reviews: every token coloured by its contribution to the logit (red negative, green",
      "positive), leaders in bold, the clusters, the decision. --html writes one self-contained page."})
final class ExplainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "INPUT", description = "review files, folders, globs, dataset specs or -")
  List<String> inputs;

  @Mixin InputOptions in;

  @Mixin ModelOptions mo;

  @Option(names = "--html", paramLabel = "FILE", description = "write a self-contained HTML page (works offline)")
  Path html;

  @Option(names = "--show-leaders", description = "print each token's leader after it")
  boolean showLeaders;

  @Option(names = "--no-color", description = "plain text even on a terminal")
  boolean noColor;

  @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "explain at most N reviews (default: ${DEFAULT-VALUE})")
  int limit;

  @Override
  public Integer call() throws Exception {
    if (limit < 1) {
      throw new CliException("--limit must be >= 1, was " + limit);
    }
    SentimentModel model = mo.load();
    List<ExplanationPage.Item> items = new ArrayList<>();
    PrintWriter out = spec.commandLine().getOut();
    boolean color = !noColor && html == null && System.console() != null && System.getenv("NO_COLOR") == null;
    try (Stream<Review> reviews = in.open(inputs)) {
      Iterator<Review> it = reviews.iterator();
      while (it.hasNext() && items.size() < limit) {
        Review r = it.next();
        Explanation e = model.explain(r.text());
        items.add(new ExplanationPage.Item(r.id(), r.text(), e));
        if (html == null) {
          out.println(TerminalView.render(r.id(), r.text(), e, color, showLeaders));
          out.flush();
        }
      }
    }
    if (items.isEmpty()) {
      throw new CliException("no reviews to explain in " + inputs);
    }
    if (html != null) {
      String page = ExplanationPage.render("hardmax explanation" + (items.size() > 1 ? "s (" + items.size() + " reviews)" : ": " + items.get(0).title()),
          items, model.readout());
      AtomicFiles.writeString(html, page);
      spec.commandLine().getErr().println("hardmax: wrote " + html + " (" + items.size() + " review" + (items.size() == 1 ? "" : "s") + ")");
    }
    if (in.skips.count() > 0) {
      spec.commandLine().getErr().println("hardmax: " + in.skips.summary());
    }
    return Main.OK;
  }
}
