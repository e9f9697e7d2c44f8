package io.hardmax.eval.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hardmax.attention.EmbeddingEncoding;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BestImdbExperimentTest {
  @Test
  void comparesVariantsOnValidationAndTestsOnlyTheChosenOne(@TempDir Path dir) throws Exception {
    Path train = PaperImdbExperimentTest.data(dir, "train.jsonl", 300, 3);
    Path test = PaperImdbExperimentTest.data(dir, "test.jsonl", 80, 4);
    BestImdbExperiment e = new BestImdbExperiment();
    ObjectNode r = e.run(Map.of("variants", "depth0,depth2-256", "epochs", "2", "threads", "1", "train", train.toString(),
        "test", test.toString(), "out", dir.resolve("chosen.hmx").toString()), 5, new PrintStream(java.io.OutputStream.nullOutputStream()));
    assertThat(r.get("rows")).hasSize(2);
    for (var row : r.get("rows")) {
      assertThat(row.get("validation_accuracy_hardmax").asDouble()).isBetween(0.0, 1.0);
      assertThat(row.get("validation_roc_auc_without_attention").asDouble()).isBetween(0.0, 1.0);
    }
    double followers = r.get("rows").get(1).get("median_follower_share").asDouble();
    assertThat(r.has("chosen")).as("chosen exactly when the attention variant clusters").isEqualTo(followers >= 0.5);
    if (r.has("chosen")) {
      assertThat(r.get("chosen").asText()).isEqualTo("depth2-256"); // depth 0 is never eligible
      assertThat(r.get("chosen_test").get("n").asInt()).isEqualTo(80);
      assertThat(dir.resolve("chosen.hmx")).exists();
    }
    assertThat(e.toText(r)).contains("depth0").contains("depth2-256");
  }

  @Test
  void theDefaultPresetIsTheVariantTheRuleChose() {
    // the bundled model is trained with the preset; docs/RESULTS.md says it is best-imdb's r19-window3-2ch-distinct-lr15
    var chosen = BestImdbExperiment.variants().get("r19-window3-2ch-distinct-lr15");
    var trainer = io.hardmax.eval.Presets.defaultTrainer(2, 20261122);
    assertThat(io.hardmax.eval.Presets.defaultConfig()).isEqualTo(chosen.config());
    assertThat(io.hardmax.eval.Presets.defaultTokenizer()).isEqualTo(chosen.tokenizer());
    assertThat(io.hardmax.eval.Presets.defaultVocabulary()).isEqualTo(chosen.vocabulary());
    assertThat(trainer.learningRate()).isEqualTo(chosen.lr());
    assertThat(trainer.embeddingInitStd()).isEqualTo(chosen.initStd());
    assertThat(trainer.weightDecay()).isEqualTo(chosen.weightDecay());
    assertThat(trainer.hardmaxEpochs()).isEqualTo(chosen.hardmaxEpochs());
    assertThat(trainer.wordDropout()).isEqualTo(chosen.wordDropout());
  }

  @Test
  void roundNineVariesRoundEightsChoiceByTheValueMapAndHeadsOnly() {
    var v = BestImdbExperiment.variants();
    var base = v.get("r8-distance-2ch");
    assertThat(base.config().valueMap()).isFalse();
    assertThat(base.config().heads()).isEqualTo(1);
    assertThat(v.get("r9-distance-2ch-value").config()).isEqualTo(base.config().toBuilder().valueMap(true).build());
    assertThat(v.get("r9-distance-2ch-heads2").config()).isEqualTo(base.config().toBuilder().heads(2).build());
    assertThat(v.get("r9-distance-2ch-value-heads2").config())
        .isEqualTo(base.config().toBuilder().valueMap(true).heads(2).build());
    for (String n : new String[] {"r9-distance-2ch-value", "r9-distance-2ch-heads2", "r9-distance-2ch-value-heads2"}) {
      var x = v.get(n);
      assertThat(x.vocabulary()).isEqualTo(base.vocabulary());
      assertThat(x.wordDropout()).isEqualTo(base.wordDropout());
      assertThat(x.lr()).isEqualTo(base.lr());
    }
    // round 19: round 15's window row with one lever each
    var w3d = v.get("r15-window3-2ch-distinct");
    assertThat(v.get("r19-window3-2ch-distinct-lr15").lr()).isEqualTo(1.5e-3);
    assertThat(v.get("r19-window3-2ch-distinct-lr15").config()).isEqualTo(w3d.config());
    var min5 = v.get("r19-window3-2ch-distinct-min5");
    assertThat(min5.vocabulary()).isEqualTo(w3d.vocabulary().toBuilder().minCount(5).bigramMinCount(10).build());
    assertThat(min5.config()).isEqualTo(w3d.config());
    assertThat(v.get("r19-window3-2ch-distinct-min5-wdrop50").wordDropout()).isEqualTo(0.5);
    assertThat(v.get("r19-window3-2ch-distinct-min5-wdrop50").vocabulary()).isEqualTo(min5.vocabulary());
    // round 20: round 19's choice with more n-grams, or a larger learning rate
    var r19 = v.get("r19-window3-2ch-distinct-min5-wdrop50");
    var tri = v.get("r20-window3-2ch-distinct-min5-wdrop50-bi100k-tri50k");
    assertThat(tri.vocabulary()).isEqualTo(r19.vocabulary().toBuilder().bigrams(5, 100_000).trigrams(5, 50_000).build());
    assertThat(v.get("r20-window3-2ch-distinct-min5-wdrop50-bi150k").vocabulary().bigramMaxSize()).isEqualTo(150_000);
    assertThat(v.get("r20-window3-2ch-distinct-min5-wdrop50-lr45").lr()).isEqualTo(4.5e-3);
    for (var x : List.of(tri, v.get("r20-window3-2ch-distinct-min5-wdrop50-lr45"))) {
      assertThat(x.config()).isEqualTo(r19.config());
      assertThat(x.wordDropout()).isEqualTo(0.5);
    }
  }

  @Test
  void quantisedEmbeddingsAreEvaluatedOnValidationBesideFloat32(@TempDir Path dir) throws Exception {
    Path train = PaperImdbExperimentTest.data(dir, "train.jsonl", 300, 3);
    BestImdbExperiment e = new BestImdbExperiment();
    ObjectNode r = e.run(Map.of("variants", "depth0-bi100k-tri50k-1000-wdrop", "epochs", "1", "threads", "1", "train",
        train.toString(), "final-test", "false", "embedding-bits", "16,8", "embedding-scale", "both", "validation-blocks", "10"), 5,
        new PrintStream(java.io.OutputStream.nullOutputStream()));
    assertThat(r.get("validation_drawn_as").asText()).isEqualTo("blocks of 10");
    assertThat(r.get("validation_count").asInt() % 10).isZero();
    var row = r.get("rows").get(0);
    assertThat(row.get("vocabulary").asText()).contains("trigrams=true", "trigramMaxSize=50000");
    var stored = row.get("stored");
    assertThat(stored).hasSize(4);
    assertThat(stored.get(0).get("encoding").asText()).isEqualTo("int16 with a per-row scale");
    assertThat(stored.get(3).get("encoding").asText()).isEqualTo("int8 with a per-column scale");
    double mb32 = row.get("model_file_mb").asDouble();
    for (var q : stored) {
      assertThat(q.get("validation_accuracy_hardmax").asDouble()).isBetween(0.0, 1.0);
      assertThat(q.get("model_file_mb").asDouble()).isPositive().isLessThan(mb32);
    }
    assertThat(e.toText(r)).contains("int8 with a per-row scale");
    assertThat(r.has("chosen")).isFalse();
    assertThat(BestImdbExperiment.encodings(Map.of("embedding-bits", "8")))
        .containsExactly(new EmbeddingEncoding(8, EmbeddingEncoding.Scale.COLUMN));
    assertThat(BestImdbExperiment.encodings(Map.of())).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BestImdbExperiment.encodings(Map.of("embedding-bits", "4")))
        .hasMessage("embedding-bits: expected 16 and/or 8, found 4");
  }
}
