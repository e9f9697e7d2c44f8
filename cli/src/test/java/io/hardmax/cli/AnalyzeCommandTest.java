package io.hardmax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hardmax.datasets.Origin;
import io.hardmax.datasets.Review;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hardmax analyze} end to end with the bundled model on the example reviews of the README. */
class AnalyzeCommandTest {
  static final Path EXAMPLES = Path.of("../docs/examples/reviews");
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void analyzeWritesTheReportAndPrintsTheSummary(@TempDir Path dir) throws Exception {
    assertThat(EXAMPLES).isDirectory();
    Path rep = dir.resolve("analysis");
    MainTest.Run r = MainTest.run("analyze", "--data", EXAMPLES.toString(), "--report", rep.toString(), "--threads", "2",
        "--words", "10", "--max-themes", "3");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("PCA explained variance ratio").contains("themes on " + EXAMPLES + ": 3 reviews")
        .contains("T1 ");
    assertThat(r.err()).contains("wrote the analysis " + rep.resolve("index.html"));
    for (String p : new String[] {"embedding-map", "explained-variance", "themes-map", "theme-contributions"}) {
      assertThat(Files.readString(rep.resolve(p + ".svg"))).contains("<svg");
      assertThat(rep.resolve(p + ".png")).isNotEmptyFile();
    }
    assertThat(rep.resolve("index.html")).isNotEmptyFile();
    JsonNode j = JSON.readTree(rep.resolve("analysis.json").toFile());
    assertThat(j.get("model").asText()).isEqualTo("bundled");
    assertThat(j.get("themes").get("reviews").asInt()).isEqualTo(3);
    assertThat(j.get("embedding").get("words")).hasSize(20);

    MainTest.Run js = MainTest.run("analyze", "--data", EXAMPLES.toString(), "--format", "json", "--threads", "1",
        "--words", "10", "--max-themes", "3");
    assertThat(js.code()).as(js.err()).isZero();
    assertThat(JSON.readTree(js.out())).isEqualTo(j);
  }

  @Test
  void withoutDataOnlyTheEmbeddingsAreAnalysed() throws Exception {
    MainTest.Run r = MainTest.run("analyze", "--format", "json", "--words", "4");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.get("themes").isNull()).isTrue();
    assertThat(j.get("embedding").get("explained_variance_ratio").size()).isPositive();
  }

  @Test
  void badInputIsOneLineAndExitTwo(@TempDir Path dir) {
    Path missing = dir.resolve("no-such-model.hmx");
    MainTest.Run m = MainTest.run("analyze", "--model", missing.toString(), "--data", EXAMPLES.toString());
    assertThat(m.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(m.err().strip()).startsWith("hardmax: ").contains(missing.toString()).doesNotContain("\n")
        .doesNotContain("Exception");

    Path nope = dir.resolve("nope");
    MainTest.Run d = MainTest.run("analyze", "--data", nope.toString(), "--report", dir.resolve("out").toString());
    assertThat(d.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(d.err().strip()).isEqualTo("hardmax: " + nope + ": no such file or directory");
    assertThat(dir.resolve("out")).doesNotExist();

    MainTest.Run f = MainTest.run("analyze", "--format", "xml");
    assertThat(f.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(f.err().strip())
        .isEqualTo("hardmax: Invalid value for option '--format': expected one of [text, json] (case-sensitive) but was 'xml'");

    MainTest.Run l = MainTest.run("analyze", "--limit", "5");
    assertThat(l.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(l.err().strip()).isEqualTo("hardmax: --limit needs --data");

    MainTest.Run c = MainTest.run("analyze", "--covariance", "banana", "--data", EXAMPLES.toString());
    assertThat(c.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(c.err()).contains("--covariance must be full, diagonal or spherical, was 'banana'");
  }

  @Test
  void limitTakesASeededSampleInInputOrder() {
    List<String> a = AnalyzeCommand.sample(reviews(100), 10, 3);
    List<String> b = AnalyzeCommand.sample(reviews(100), 10, 3);
    List<String> other = AnalyzeCommand.sample(reviews(100), 10, 4);
    assertThat(a).hasSize(10).isEqualTo(b).isNotEqualTo(other).doesNotHaveDuplicates();
    List<Integer> idx = a.stream().map(s -> Integer.parseInt(s.substring(7))).toList();
    assertThat(idx).isSorted();
    // not just the first ten: the sample reaches into the second half of the input
    assertThat(idx.get(idx.size() - 1)).isGreaterThan(50);
    assertThat(AnalyzeCommand.sample(reviews(4), 10, 3)).hasSize(4).containsExactly("review 0", "review 1", "review 2", "review 3");
  }

  private static Stream<Review> reviews(int n) {
    return IntStream.range(0, n).mapToObj(i -> new Review("r" + i, "review " + i, null, new Origin("test", "line", i + 1)));
  }
}
