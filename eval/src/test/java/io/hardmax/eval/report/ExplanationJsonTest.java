package io.hardmax.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.hardmax.attention.ClusterContribution;
import io.hardmax.attention.ClusteringDiagnostics;
import io.hardmax.attention.Explanation;
import io.hardmax.attention.TokenContribution;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The direct jsonl writer ({@link ExplanationJson#writeLine}) against the Jackson writer it replaces on that path. */
class ExplanationJsonTest {
  private static final JsonFactory JSON = ExplanationJson.newFactory();

  /** The reference: Jackson's compact generator through a UTF-8 writer, as classify wrote jsonl before. */
  private static byte[] jackson(String id, Integer gold, Explanation e) throws IOException {
    ByteArrayBuilder b = new ByteArrayBuilder();
    try (JsonGenerator g = JSON.createGenerator(new OutputStreamWriter(b, StandardCharsets.UTF_8))) {
      ExplanationJson.write(g, id, gold, e, ExplanationJson.Detail.TOKENS);
    }
    return b.toByteArray();
  }

  private static byte[] direct(String id, Integer gold, Explanation e) {
    JsonBytes out = new JsonBytes(16);
    ExplanationJson.writeLine(out, id, gold, e);
    return out.toByteArray();
  }

  private static final String[] PIECES = {
    "film", "great", "n't", "\"quoted\"", "back\\slash", "tab\there", "new\nline", "cr\r", "bell\u0007", "nul\u0000",
    "\u001f", "\b\f", "del\u007f", "caf\u00e9", "\u00fcber", "\u2014", "\u4e2d\u6587", "\ud83c\udfac", "lone\ud83c",
    "\udfaclow", "\ud83c\ud83c", "x", "", "/slash", "<b>", "&amp;"
  };

  private static Explanation random(SplittableRandom rnd) {
    int n = rnd.nextInt(0, 40);
    List<TokenContribution> toks = new ArrayList<>();
    int pos = 0;
    for (int i = 0; i < n; i++) {
      String text = PIECES[rnd.nextInt(PIECES.length)] + (rnd.nextBoolean() ? PIECES[rnd.nextInt(PIECES.length)] : "");
      int leader = rnd.nextInt(-1, n);
      toks.add(new TokenContribution(text, pos, pos + text.length(), leader, value(rnd), value(rnd),
          rnd.nextInt(8) == 0 ? rnd.nextInt(n) : -1));
      pos += text.length() + 1;
    }
    List<ClusterContribution> clusters = new ArrayList<>();
    for (int c = 0; c < rnd.nextInt(0, 6); c++) {
      int leader = n == 0 ? -1 : rnd.nextInt(-1, n);
      clusters.add(new ClusterContribution(leader, leader < 0 ? "<pad>" : toks.get(leader).text(), List.of(), value(rnd)));
    }
    double logit = value(rnd);
    return new Explanation(logit, 1 / (1 + Math.exp(-logit)), logit > 0 ? 1 : 0, value(rnd), toks, clusters,
        value(rnd), new float[0][][], new ClusteringDiagnostics(n, 0, clusters.size(), 0, 0, 0, 0, 0));
  }

  /** Doubles of every kind the writer meets: ordinary, tiny, huge, integral, negative zero, NaN, infinities. */
  private static double value(SplittableRandom rnd) {
    return switch (rnd.nextInt(10)) {
      case 0 -> 0.0;
      case 1 -> -0.0;
      case 2 -> rnd.nextDouble() * 1e-9;
      case 3 -> (rnd.nextBoolean() ? 1 : -1) * rnd.nextDouble() * 1e12;
      case 4 -> rnd.nextInt(-1000, 1000);
      case 5 -> Double.longBitsToDouble(rnd.nextLong()); // any bit pattern, NaN and subnormals included
      case 6 -> rnd.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
      case 7 -> (float) rnd.nextGaussian(); // a float widened, as the model's sums of floats often are
      default -> rnd.nextGaussian() * 0.05;
    };
  }

  @Test
  void writesTheBytesOfTheJacksonWriterForRandomExplanations() throws IOException {
    SplittableRandom rnd = new SplittableRandom(20261201);
    for (int k = 0; k < 3000; k++) {
      Explanation e = random(rnd);
      String id = PIECES[rnd.nextInt(PIECES.length)] + "/" + k;
      Integer gold = rnd.nextInt(3) == 0 ? null : rnd.nextInt(2);
      assertThat(new String(direct(id, gold, e), StandardCharsets.UTF_8)).as("explanation %d", k)
          .isEqualTo(new String(jackson(id, gold, e), StandardCharsets.UTF_8));
      assertThat(direct(id, gold, e)).isEqualTo(jackson(id, gold, e));
    }
  }

  @Test
  void writesEveryCharacterAsTheJacksonWriterDoes() throws IOException {
    // every char, alone and between letters, as a token text and as the id
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      String s = "a" + (char) c + "b";
      Explanation e = new Explanation(0.5, 0.6, 1, 0.1,
          List.of(new TokenContribution(s, 0, 3, 0, 0.25, 0.25)), List.of(), 0.0, new float[0][][],
          new ClusteringDiagnostics(1, 0, 0, 0, 0, 0, 0, 0));
      assertThat(direct(s, 1, e)).as("char %04x", c).isEqualTo(jackson(s, 1, e));
    }
  }
}
