package example;

import io.hardmax.attention.ClusterContribution;
import io.hardmax.attention.Explanation;
import io.hardmax.attention.Prediction;
import io.hardmax.attention.SentimentModel;
import io.hardmax.attention.TokenContribution;
import java.nio.file.Path;
import java.util.List;

/**
 * The README's "Use it from Java" example, compiled and run by {@code UseFromJavaTest} (which also checks that the
 * README quotes it verbatim), in a package of its own so that it uses only the public API.
 */
public final class UseFromJava {
  private UseFromJava() {}

  public static void main(String[] args) {
    // README:begin
    // Load once (seconds), then share: a SentimentModel is immutable and thread-safe.
    SentimentModel model = args.length > 0
        ? SentimentModel.load(Path.of(args[0]))   // a model file from `hardmax train`
        : SentimentModel.loadDefault();           // the bundled IMDb model

    String review = "A wonderful, moving film. The acting is superb.";
    Prediction p = model.predict(review);
    System.out.printf("%s, probability of positive %.3f, logit %.3f%n",
        p.label() == 1 ? "positive" : "negative", p.probability(), p.logit());

    // The same decision, token by token: each token's span in the review, its leader and its share of the logit.
    Explanation e = model.explain(review);
    for (TokenContribution t : e.tokens()) {
      System.out.printf("%-10s chars %2d-%-2d leader %-10s %+.4f (alone %+.4f)%n",
          review.substring(t.begin(), t.end()), t.begin(), t.end(), e.leaderText(t.leader()),
          t.contribution(), t.contributionAlone());
    }
    // The clusters: a leader, its followers and their summed contribution, strongest first.
    for (ClusterContribution c : e.clusters()) {
      System.out.printf("leader %-10s %2d tokens %+.4f%n", c.leaderText(), c.members().size(), c.contribution());
    }
    // The decomposition is exact: bias + padding + the tokens' contributions = the logit.
    double sum = e.bias() + e.paddingContribution();
    for (TokenContribution t : e.tokens()) {
      sum += t.contribution();
    }
    System.out.printf("bias + contributions = %.6f, logit = %.6f%n", sum, e.logit());

    // Many reviews: share the one model across threads.
    List<String> reviews = List.of("Boring and far too long.", "I loved every minute of it.");
    List<Prediction> predictions = reviews.parallelStream().map(model::predict).toList();
    System.out.println(predictions);
    // README:end
  }
}
