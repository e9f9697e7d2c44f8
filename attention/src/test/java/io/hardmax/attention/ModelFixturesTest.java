package io.hardmax.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every saved fixture of every model format version keeps loading and predicting as when it was written. */
class ModelFixturesTest {

  private static SentimentModel load(String resource) throws Exception {
    try (var in = ModelFixturesTest.class.getResourceAsStream(resource)) {
      assertThat(in).as("fixture " + resource).isNotNull();
      return ModelFile.read(in, resource);
    }
  }

  /** Logits within float32 rounding of the recorded ones (kernel changes may move the last bits), same labels. */
  private static void assertPredictsAsRecorded(SentimentModel m, String logitsResource) throws Exception {
    List<Double> want = ModelFixtures.readLogits(logitsResource);
    assertThat(want).hasSize(ModelFixtures.TEXTS.size());
    for (int i = 0; i < want.size(); i++) {
      Explanation e = m.explain(ModelFixtures.TEXTS.get(i));
      assertThat(e.logit()).as(ModelFixtures.TEXTS.get(i)).isCloseTo(want.get(i), within(1e-6));
      assertThat(e.label()).as(ModelFixtures.TEXTS.get(i)).isEqualTo(want.get(i) > 0 ? 1 : 0);
    }
  }

  @Test
  void version1WithBigramsLoadsAndPredictsAsRecorded() throws Exception {
    SentimentModel m = load("/fixtures/model-v1-bigrams.hmx");
    assertThat(m.vocabulary().hasBigrams()).isTrue();
    assertThat(m.vocabulary().bigramStart()).isEqualTo(22);
    assertThat(m.vocabulary().size()).isEqualTo(62);
    assertPredictsAsRecorded(m, "/fixtures/model-v1-bigrams.logits");
  }

  @Test
  void version2WithTrigramsAndInt8EmbeddingsLoadsAndPredictsAsRecorded() throws Exception {
    SentimentModel m = load("/fixtures/model-v2-trigrams-int8.hmx");
    assertThat(m.embeddingEncoding()).isEqualTo(new EmbeddingEncoding(8, EmbeddingEncoding.Scale.ROW));
    assertThat(m.vocabulary().bigramStart()).isEqualTo(22);
    assertThat(m.vocabulary().trigramStart()).isEqualTo(62);
    assertThat(m.vocabulary().size()).isEqualTo(92);
    assertPredictsAsRecorded(m, "/fixtures/model-v2-trigrams-int8.logits");
  }
}
