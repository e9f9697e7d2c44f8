package io.hardmax.eval.behavioural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hardmax.attention.SentimentModel;
import io.hardmax.datasets.DatasetSpec;
import io.hardmax.datasets.ReadOptions;
import io.hardmax.datasets.Review;
import io.hardmax.eval.Evaluation;
import io.hardmax.eval.metrics.GroupAccuracy;
import io.hardmax.eval.report.EvaluationReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-written behavioural set: its shape, its name as a dataset spec, and per-capability evaluation. */
class BehaviouralSetTest {
  static List<Review> set;

  @BeforeAll
  static void read() throws IOException {
    set = DatasetSpec.parse("behavioural:v1").readAll(ReadOptions.defaults(), null, Path.of("unused"));
  }

  @Test
  void hasAtLeast150LabelledReviewsAndAtLeast15PerCapability() {
    assertThat(set).hasSizeGreaterThanOrEqualTo(150);
    assertThat(set).allSatisfy(r -> assertThat(r.label()).isIn(0, 1));
    Map<String, List<Review>> by = set.stream().collect(Collectors.groupingBy(Review::group));
    assertThat(by.keySet()).containsExactlyInAnyOrderElementsOf(BehaviouralSet.CAPABILITIES);
    by.forEach((c, rs) -> assertThat(rs).as(c).hasSizeGreaterThanOrEqualTo(15));
    assertThat(set.stream().map(Review::group).distinct().toList()).containsExactlyElementsOf(BehaviouralSet.CAPABILITIES);
  }

  @Test
  void labelsFollowEachCapabilityAndTheMixedOnesAreBalanced() {
    Map<String, Integer> single = Map.of("plain_positive", 1, "plain_negative", 0, "negated_positive", 0,
        "negated_negative", 1, "contrast_to_positive", 1, "contrast_to_negative", 0);
    for (String c : BehaviouralSet.CAPABILITIES) {
      List<Integer> labels = set.stream().filter(r -> r.group().equals(c)).map(Review::label).toList();
      if (single.containsKey(c)) {
        assertThat(labels).as(c).containsOnly(single.get(c));
      } else {
        assertThat(labels.stream().filter(l -> l == 1).count()).as(c).isEqualTo(labels.size() / 2).isEqualTo(labels.size() - labels.size() / 2);
      }
    }
    long pos = set.stream().filter(r -> r.label() == 1).count();
    assertThat(pos).isEqualTo(set.size() - pos);
  }

  @Test
  void noTwoTextsAreTheSameUpToCaseSpaceAndPunctuation() {
    Set<String> seen = new HashSet<>();
    for (Review r : set) {
      String key = r.text().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
      assertThat(seen.add(key)).as("duplicate: " + r.text()).isTrue();
    }
  }

  @Test
  void theReaderReturnsEachLineOfTheFileExactly() throws IOException {
    String raw;
    try (InputStream in = BehaviouralSet.class.getResourceAsStream(BehaviouralSet.RESOURCE)) {
      raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String[] lines = raw.split("\n");
    assertThat(lines[0]).isEqualTo("capability\tlabel\ttext");
    assertThat(lines).hasSize(set.size() + 1);
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split("\t", -1);
      assertThat(f).as("line " + (i + 1)).hasSize(3);
      Review r = set.get(i - 1);
      assertThat(r.group()).isEqualTo(f[0]);
      assertThat(r.label()).isEqualTo(Integer.parseInt(f[1]));
      assertThat(r.text()).isEqualTo(f[2]).isEqualTo(f[2].strip()).doesNotContain("\"");
      assertThat(r.origin().source()).isEqualTo("behavioural:v1");
    }
  }

  @Test
  void isNamedWithAndWithoutItsVersionAndUnknownVersionsAreRejected() throws IOException {
    DatasetSpec latest = DatasetSpec.parse("behavioural");
    assertThat(latest.isNamed()).isTrue();
    assertThat(latest.named().name()).isEqualTo("behavioural:v1");
    assertThat(latest.readAll(ReadOptions.defaults(), null, Path.of("unused"))).isEqualTo(set);
    assertThat(DatasetSpec.namedDatasets()).extracting(d -> d.name()).contains("behavioural:v1");
    assertThatThrownBy(() -> DatasetSpec.parse("behavioural:v9"))
        .hasMessage("unknown dataset 'behavioural:v9', expected one of behavioural:v1, behavioural");
  }

  @Test
  void evaluationReportsEveryCapabilityAndTheirCountsAddUpToTheWhole(@TempDir Path dir) throws IOException {
    Evaluation e = Evaluation.run("bundled", SentimentModel.loadDefault(), set, 2, 1);
    List<GroupAccuracy> caps = e.capabilities();
    assertThat(caps).extracting(GroupAccuracy::group).containsExactlyElementsOf(BehaviouralSet.CAPABILITIES);
    int n = e.metrics().n();
    assertThat(caps.stream().mapToInt(GroupAccuracy::count).sum()).isEqualTo(n).isEqualTo(set.size());
    assertThat(caps.stream().mapToInt(GroupAccuracy::correct).sum() / (double) n).isCloseTo(e.metrics().accuracy(), within(1e-12));
    assertThat(caps.stream().mapToInt(GroupAccuracy::correctWithoutAttention).sum() / (double) n)
        .isCloseTo(e.accuracyNoAttention(), within(1e-12));
    var json = e.toJson(new com.fasterxml.jackson.databind.ObjectMapper());
    assertThat(json.get("capabilities").get("negated_negative").get("count").asInt()).isEqualTo(caps.get(3).count());
    String page = java.nio.file.Files.readString(EvaluationReport.write(dir, "behavioural:v1", List.of(e)));
    assertThat(page).contains("Accuracy per capability").contains("<td>contrast_to_positive</td>");
  }
}
