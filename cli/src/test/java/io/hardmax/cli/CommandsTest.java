package io.hardmax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hardmax.attention.SentimentModel;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The user-facing commands end to end, on a small saved model and small files. */
class CommandsTest {
  @TempDir static Path dir;
  static Path model;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void setUp() throws Exception {
    model = dir.resolve("toy.hmx");
    try (InputStream in = CommandsTest.class.getResourceAsStream("/fixtures/model-v1.hmx")) {
      Files.copy(in, model, StandardCopyOption.REPLACE_EXISTING);
    }
    Files.createDirectories(dir.resolve("reviews"));
    Files.writeString(dir.resolve("reviews/a.txt"), "the movie was great and the plot superb");
    Files.writeString(dir.resolve("reviews/b.txt"), "an awful, boring waste of a film");
    Files.writeString(dir.resolve("labeled.jsonl"), """
        {"text": "the movie was great and the plot superb", "label": 1}
        {"text": "an awful boring waste", "label": 0}
        {"text": "wonderful story, loved the actor", "label": 1}
        {"text": "worst film, poor scene", "label": 0}
        """);
  }

  @Test
  void classifyJsonlHasTheDocumentedSchemaAndExactOffsets() throws Exception {
    MainTest.Run r = MainTest.run("classify", "--model", model.toString(), "--format", "jsonl", dir.resolve("reviews").toString());
    assertThat(r.code()).as(r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    assertThat(lines).hasSize(2);
    String text = Files.readString(dir.resolve("reviews/a.txt"));
    JsonNode j = JSON.readTree(lines[0]);
    assertThat(j.get("id").asText()).isEqualTo("a");
    for (String f : new String[] {"label", "probability", "logit", "bias", "leaders", "tokens"}) {
      assertThat(j.has(f)).as(f).isTrue();
    }
    double sum = j.get("bias").asDouble() + j.get("padding_contribution").asDouble();
    for (JsonNode t : j.get("tokens")) {
      assertThat(text.substring(t.get("begin").asInt(), t.get("end").asInt())).isEqualToIgnoringCase(t.get("text").asText());
      int leader = t.get("leader").asInt();
      assertThat(leader).isBetween(-1, j.get("tokens").size() - 1);
      assertThat(t.has("contribution_alone")).isTrue();
      sum += t.get("contribution").asDouble();
    }
    assertThat(sum).isCloseTo(j.get("logit").asDouble(), org.assertj.core.api.Assertions.within(1e-6));
    assertThat(j.get("label").asInt()).isEqualTo(SentimentModel.load(model).predict(text).label());
  }

  @Test
  void classifyWritesTheSameUtf8BytesToStandardOutputAsThroughAWriter() throws Exception {
    // standard output (Main.main's StdoutWriter) gets the workers' bytes as they are; a writer (these tests) gets
    // them decoded: the two must agree, also for non-Latin-1 text and a lone surrogate (written as '?')
    Path odd = dir.resolve("odd.jsonl");
    Files.writeString(odd, """
        {"id": "caf\\u00e9", "text": "un film g\\u00e9nial \\u2014 \\u00fcber great \\ud83c\\udfac", "label": 1}
        {"id": "lone", "text": "broken \\ud83c text, awful", "label": 0}
        {"id": "plain", "text": "an awful boring waste", "label": 0}
        """);
    for (String format : new String[] {"text", "tsv", "json", "jsonl"}) {
      String[] args = {"classify", "--model", model.toString(), "--format", format, odd.toString(),
          dir.resolve("reviews").toString()};
      MainTest.Run chars = MainTest.run(args);
      assertThat(chars.code()).as(chars.err()).isZero();
      CommandLine cl = Main.commandLine();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      cl.setOut(new StdoutWriter(bytes));
      cl.setErr(new PrintWriter(new StringWriter(), true));
      assertThat(cl.execute(args)).isZero();
      assertThat(bytes.toString(StandardCharsets.UTF_8)).as(format).isEqualTo(chars.out());
      assertThat(chars.out()).as(format).contains("caf\u00e9");
      if (format.startsWith("json")) {
        assertThat(chars.out()).as(format).contains("\"\u00fcber\"").contains("\"broken\"").contains("\ud83c\udfac");
      }
    }
  }

  @Test
  void classifyWritesJsonAtomicallyAndTextByDefault() throws Exception {
    Path out = dir.resolve("out/pred.json");
    MainTest.Run r = MainTest.run("classify", "--model", model.toString(), "--format", "json", "--output", out.toString(),
        dir.resolve("labeled.jsonl").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(JSON.readTree(out.toFile())).hasSize(4);
    assertThat(Files.list(out.getParent()).map(p -> p.getFileName().toString())).containsExactly("pred.json");
    MainTest.Run t = MainTest.run("classify", "--model", model.toString(), dir.resolve("reviews/a.txt").toString());
    assertThat(t.out()).startsWith("a\tpositive\t");
  }

  @Test
  void explainWritesAnEscapedSelfContainedPage() throws Exception {
    Path evil = dir.resolve("evil.txt");
    Files.writeString(evil, "great film <script>alert(1)</script> superb");
    Path html = dir.resolve("page.html");
    MainTest.Run r = MainTest.run("explain", "--model", model.toString(), "--html", html.toString(), evil.toString());
    assertThat(r.code()).as(r.err()).isZero();
    String page = Files.readString(html);
    assertThat(page.replaceAll("<[^>]*>", "")).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(page).doesNotContain("<script")
        .doesNotContainPattern("(src|href)\\s*=\\s*\"?(https?:)?//").doesNotContain("@import").contains("<svg");
    MainTest.Run term = MainTest.run("explain", "--model", model.toString(), "--no-color", "--show-leaders", dir.resolve("reviews/a.txt").toString());
    assertThat(term.out()).contains("decision: positive").contains("[*great").contains("legend:");
  }

  @Test
  void evaluateReportsAccuracyClusteringAndWritesAReport() throws Exception {
    Path rep = dir.resolve("report");
    MainTest.Run r = MainTest.run("evaluate", "--model", model.toString(), "--data", dir.resolve("labeled.jsonl").toString(),
        "--format", "json", "--report", rep.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.get("accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(j.get("n").asInt()).isEqualTo(4);
    assertThat(j.get("clustering").has("median_follower_share")).isTrue();
    assertThat(j.get("clustering").has("accuracy_without_attention")).isTrue();
    assertThat(j.get("clustering").get("roc_auc_without_attention").asDouble()).isBetween(0.0, 1.0);
    assertThat(j.get("leaders").has("final_leaders_already_at_layer_0")).isTrue();
    for (String f : new String[] {"index.html", "roc.svg", "roc.png", "calibration.png", "length-buckets.svg", "leader-words-1.png"}) {
      assertThat(rep.resolve(f)).exists();
    }
  }

  @Test
  void evaluateOnTheBehaviouralSetReportsAccuracyPerCapability() throws Exception {
    MainTest.Run r = MainTest.run("evaluate", "--model", model.toString(), "--data", "behavioural:v1", "--format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.out());
    JsonNode caps = j.get("capabilities");
    assertThat(caps).isNotNull();
    java.util.List<String> names = new java.util.ArrayList<>();
    caps.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactlyElementsOf(io.hardmax.eval.behavioural.BehaviouralSet.CAPABILITIES);
    int count = 0;
    int correct = 0;
    for (JsonNode c : caps) {
      assertThat(c.get("count").asInt()).isGreaterThanOrEqualTo(15);
      assertThat(c.get("accuracy").asDouble()).isEqualTo(c.get("correct").asDouble() / c.get("count").asDouble());
      assertThat(c.get("accuracy_without_attention").asDouble()).isBetween(0.0, 1.0);
      count += c.get("count").asInt();
      correct += c.get("correct").asInt();
    }
    assertThat(count).isEqualTo(j.get("n").asInt());
    assertThat(correct / (double) count).isCloseTo(j.get("accuracy").asDouble(), org.assertj.core.api.Assertions.within(1e-12));

    MainTest.Run text = MainTest.run("evaluate", "--model", model.toString(), "--data", "behavioural");
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("accuracy per capability:").contains("negated_negative");
  }

  @Test
  void evaluateGroupsByANamedFieldAndHasNoCapabilitiesWithoutOne() throws Exception {
    Path topics = dir.resolve("topics.jsonl");
    Files.writeString(topics, """
        {"text": "the movie was great and the plot superb", "label": 1, "topic": "plot"}
        {"text": "an awful boring waste", "label": 0, "topic": "overall"}
        {"text": "wonderful story, loved the actor", "label": 1, "topic": "plot"}
        """);
    MainTest.Run r = MainTest.run("evaluate", "--model", model.toString(), "--data", topics.toString(), "--group-field", "topic",
        "--format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode caps = JSON.readTree(r.out()).get("capabilities");
    assertThat(caps.get("plot").get("count").asInt()).isEqualTo(2);
    assertThat(caps.get("overall").get("count").asInt()).isEqualTo(1);
    MainTest.Run plain = MainTest.run("evaluate", "--model", model.toString(), "--data", dir.resolve("labeled.jsonl").toString(),
        "--format", "json");
    assertThat(JSON.readTree(plain.out()).has("capabilities")).isFalse();
  }

  @Test
  void trainWritesALoadableModelAndLog() throws Exception {
    StringBuilder sb = new StringBuilder();
    String[] pos = {"great", "superb", "loved", "wonderful"};
    String[] neg = {"awful", "boring", "worst", "waste"};
    for (int i = 0; i < 120; i++) {
      boolean p = i % 2 == 0;
      sb.append("{\"text\": \"the film was ").append((p ? pos : neg)[i % 4]).append(" and ").append((p ? pos : neg)[(i / 2) % 4])
          .append("\", \"label\": ").append(p ? 1 : 0).append("}\n");
    }
    Path data = dir.resolve("train.jsonl");
    Files.writeString(data, sb.toString());
    Path out = dir.resolve("trained.hmx");
    MainTest.Run r = MainTest.run("train", "--data", data.toString(), "--out", out.toString(), "--epochs", "3", "--dim", "4",
        "--max-length", "16", "--bigrams", "0", "--threads", "1", "--lr", "0.05", "--min-count", "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("best epoch");
    SentimentModel m = SentimentModel.load(out);
    assertThat(m.predict("the film was great and superb").label()).isEqualTo(1);
    JsonNode log = JSON.readTree(dir.resolve("trained.hmx.log.json").toFile());
    assertThat(log.get("epochs")).isNotEmpty();
    assertThat(log.get("seed").asLong()).isEqualTo(20261122L);
  }

  @Test
  void statsCountsLabels() throws Exception {
    MainTest.Run r = MainTest.run("data", "stats", "--format", "json", dir.resolve("labeled.jsonl").toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.get("count").asInt()).isEqualTo(4);
    assertThat(j.get("labels").get("1").asInt()).isEqualTo(2);
  }

  @Test
  void badInputIsOneLineExitTwoAndNothingHalfWritten() throws Exception {
    Path out = dir.resolve("never.json");
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "[{\"t\": \"ok\", \"s\": 1}, {\"t\": ");
    MainTest.Run r = MainTest.run("classify", "--model", model.toString(), "--output", out.toString(), broken.toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err().strip()).startsWith("hardmax: " + broken).doesNotContain("\n").doesNotContain("Exception");
    assertThat(out).doesNotExist();
    assertThat(Files.list(dir).filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();

    MainTest.Run missing = MainTest.run("classify", "--model", model.toString(), dir.resolve("nope.txt").toString());
    assertThat(missing.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(missing.err().strip()).isEqualTo("hardmax: " + dir.resolve("nope.txt") + ": no such file or directory");

    Path badModel = dir.resolve("bad.hmx");
    Files.writeString(badModel, "not a model");
    MainTest.Run bm = MainTest.run("classify", "--model", badModel.toString(), dir.resolve("reviews").toString());
    assertThat(bm.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(bm.err().strip()).isEqualTo("hardmax: " + badModel + ": not a hardmax model file (expected it to start with \"HARDMAX\")");

    MainTest.Run dirAsModel = MainTest.run("classify", "--model", dir.toString(), dir.resolve("reviews").toString());
    assertThat(dirAsModel.code()).isEqualTo(Main.BAD_INPUT);

    MainTest.Run unlabeled = MainTest.run("evaluate", "--model", model.toString(), "--data", dir.resolve("reviews").toString());
    assertThat(unlabeled.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(unlabeled.err()).contains("has no label");

    MainTest.Run debug = MainTest.run("classify", "--debug", "--model", badModel.toString(), dir.resolve("reviews").toString());
    assertThat(debug.err()).contains("\tat ");
  }
}
