package example;

import static org.assertj.core.api.Assertions.assertThat;

import io.hardmax.attention.SentimentModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs the README's Java example and checks that the README quotes it exactly, so the two cannot drift apart. */
class UseFromJavaTest {

  @Test
  void theExampleRunsOnTheBundledModel() {
    String out = run();
    SentimentModel model = SentimentModel.loadDefault();
    String review = "A wonderful, moving film. The acting is superb.";
    assertThat(out).startsWith(model.predict(review).label() == 1 ? "positive, probability" : "negative, probability");
    assertThat(out).contains("leader ").contains("superb");
    Matcher m = Pattern.compile("bias \\+ contributions = (-?[0-9.]+), logit = (-?[0-9.]+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    assertThat(Double.parseDouble(m.group(1))).isEqualTo(Double.parseDouble(m.group(2)), org.assertj.core.api.Assertions.within(1e-5));
    assertThat(out).contains("Prediction[label=0").contains("Prediction[label=1");
  }

  @Test
  void theReadmeQuotesTheExampleVerbatim() throws Exception {
    String source = Files.readString(Path.of("src/test/java/example/UseFromJava.java"));
    int b = source.indexOf("// README:begin\n");
    int e = source.indexOf("// README:end"); // the marker line's indent keeps stripIndent's minimum at 4
    assertThat(b).isPositive();
    String body = source.substring(b + "// README:begin\n".length(), e).stripIndent();
    String readme = Files.readString(Path.of("../README.md"));
    assertThat(readme).as("README.md's \"Use it from Java\" section quotes UseFromJava.java between its README markers")
        .contains(body);
  }

  private static String run() {
    PrintStream saved = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      UseFromJava.main(new String[0]);
    } finally {
      System.setOut(saved);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
