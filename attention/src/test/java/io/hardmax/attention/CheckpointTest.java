package io.hardmax.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hardmax.nlp.TokenizerSettings;
import io.hardmax.nlp.VocabularySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints: an interrupted and resumed run equals an uninterrupted one bit for bit; bad checkpoints are refused. */
class CheckpointTest {
  /** Thrown by a listener to stand for a crash right after an epoch's checkpoint. */
  static final class Crash extends RuntimeException {
    Crash() {
      super("simulated crash");
    }
  }

  static TrainerConfig toyTrainer(int epochs) {
    // hardmax epochs at the end: the resumed run must also know when to switch the forward
    return TrainerConfig.builder().threads(2).seed(11).maxEpochs(epochs).learningRate(0.01).embeddingInitStd(0.3)
        .patience(epochs).hardmaxEpochs(1).build();
  }

  static HardmaxConfig spdConfig() {
    return ModelTest.toyConfig().toBuilder().attention(HardmaxConfig.AttentionKind.LEARNED_SPD).sharedLayers(false).build();
  }

  static ModelTrainer.Outcome train(TrainerConfig tc, ModelTrainer.LabeledTexts data, TrainingListener l, Path ck,
      boolean resume) {
    return ModelTrainer.train(TokenizerSettings.defaults(), VocabularySettings.defaults(), spdConfig(), tc, data,
        ModelTest.toyData(100, 2), "toy", l, ck, resume);
  }

  static TrainingListener crashAfter(int epoch) {
    return new TrainingListener() {
      @Override
      public void epoch(EpochStats s, boolean best) {
        if (s.epoch() == epoch) {
          throw new Crash();
        }
      }
    };
  }

  static void assertSameModel(ModelTrainer.Outcome a, ModelTrainer.Outcome b) {
    Weights wa = a.model().network().weights();
    Weights wb = b.model().network().weights();
    assertThat(wb.embeddings).isEqualTo(wa.embeddings);
    assertThat(wb.dense).isEqualTo(wa.dense);
    assertThat(b.result().bestEpoch()).isEqualTo(a.result().bestEpoch());
    assertThat(withoutSeconds(b.result().history())).isEqualTo(withoutSeconds(a.result().history()));
  }

  static List<EpochStats> withoutSeconds(List<EpochStats> h) {
    return h.stream().map(s -> new EpochStats(s.epoch(), s.trainLoss(), s.trainAccuracy(), s.validationAccuracySoftmax(),
        s.validationAccuracyHardmax(), s.validationLoss(), 0, s.hardmaxTraining())).toList();
  }

  @Test
  void crashAndResumeGivesTheUninterruptedModelBitForBit(@TempDir Path dir) {
    TrainerConfig tc = toyTrainer(4);
    ModelTrainer.LabeledTexts data = ModelTest.toyData(300, 1);
    ModelTrainer.Outcome plain = ModelTrainer.train(TokenizerSettings.defaults(), VocabularySettings.defaults(),
        spdConfig(), tc, data, ModelTest.toyData(100, 2), "toy", TrainingListener.NONE);
    Path straightCk = dir.resolve("straight.ckpt");
    ModelTrainer.Outcome straight = train(tc, data, TrainingListener.NONE, straightCk, false);
    assertSameModel(plain, straight); // writing checkpoints changes nothing
    assertThat(straight.result().history()).hasSize(4);
    for (int k = 1; k < 4; k++) {
      Path ck = dir.resolve("crash" + k + ".ckpt");
      int kk = k;
      assertThatThrownBy(() -> train(tc, data, crashAfter(kk), ck, false)).isInstanceOf(Crash.class);
      assertThat(ck).exists();
      ModelTrainer.Outcome resumed = train(tc, data, TrainingListener.NONE, ck, true);
      assertSameModel(straight, resumed);
    }
    // a finished run's checkpoint resumes to the same model without training further
    int[] epochs = {0};
    ModelTrainer.Outcome again = train(tc, data, new TrainingListener() {
      @Override
      public void epoch(EpochStats s, boolean best) {
        epochs[0]++;
      }
    }, straightCk, true);
    assertThat(epochs[0]).isZero();
    assertSameModel(straight, again);
    assertThat(Arrays.stream(dir.toFile().list()).filter(n -> n.endsWith(".tmp"))).isEmpty();
  }

  @Test
  void earlyStoppingStateSurvivesAResume(@TempDir Path dir) {
    // patience 2 with a high learning rate: the run stops early, so the crash after epoch n - 1 has the
    // early-stopping counter at 1 and best weights older than the current ones, and both must carry over
    TrainerConfig tc = TrainerConfig.builder().threads(1).seed(5).maxEpochs(12).learningRate(0.2).embeddingInitStd(0.3)
        .patience(2).build();
    ModelTrainer.LabeledTexts data = ModelTest.toyData(200, 3);
    ModelTrainer.Outcome straight = train(tc, data, TrainingListener.NONE, dir.resolve("a.ckpt"), false);
    int n = straight.result().history().size();
    assertThat(n).as("stopped early").isLessThan(12);
    assertThat(straight.result().bestEpoch()).isEqualTo(n - 2);
    for (int k = 1; k < n; k++) {
      Path ck = dir.resolve("b" + k + ".ckpt");
      int kk = k;
      assertThatThrownBy(() -> train(tc, data, crashAfter(kk), ck, false)).isInstanceOf(Crash.class);
      assertSameModel(straight, train(tc, data, TrainingListener.NONE, ck, true));
    }
  }

  @Test
  void corruptedTruncatedMissingAndForeignCheckpointsGiveOneLine(@TempDir Path dir) throws Exception {
    TrainerConfig tc = toyTrainer(2);
    ModelTrainer.LabeledTexts data = ModelTest.toyData(120, 1);
    Path ck = dir.resolve("run.ckpt");
    assertThatThrownBy(() -> train(tc, data, crashAfter(1), ck, false)).isInstanceOf(Crash.class);
    byte[] bytes = Files.readAllBytes(ck);

    Path trunc = dir.resolve("trunc.ckpt");
    Files.write(trunc, Arrays.copyOf(bytes, bytes.length - 40));
    assertThatThrownBy(() -> train(tc, data, TrainingListener.NONE, trunc, true)).isInstanceOf(ModelFileException.class)
        .hasMessage(trunc + ": corrupted or truncated checkpoint (SHA-256 checksum does not match)");
    Path half = dir.resolve("half.ckpt");
    Files.write(half, Arrays.copyOf(bytes, 40));
    assertThatThrownBy(() -> train(tc, data, TrainingListener.NONE, half, true)).isInstanceOf(ModelFileException.class)
        .hasMessageStartingWith(half + ": truncated checkpoint").hasMessageNotContaining("\n");
    Path flipped = dir.resolve("flipped.ckpt");
    byte[] c = bytes.clone();
    c[c.length - 100] ^= 1;
    Files.write(flipped, c);
    assertThatThrownBy(() -> train(tc, data, TrainingListener.NONE, flipped, true))
        .hasMessage(flipped + ": corrupted or truncated checkpoint (SHA-256 checksum does not match)");
    Path model = dir.resolve("model.hmx");
    train(tc, data, TrainingListener.NONE, null, false).model().save(model);
    assertThatThrownBy(() -> train(tc, data, TrainingListener.NONE, model, true))
        .hasMessage(model + ": not a hardmax checkpoint (expected it to start with \"HMXCKPT\")");
    Path missing = dir.resolve("missing.ckpt");
    assertThatThrownBy(() -> train(tc, data, TrainingListener.NONE, missing, true))
        .hasMessage(missing + ": no checkpoint to resume from (no such file)");

    assertThatThrownBy(() -> train(tc, ModelTest.toyData(120, 7), TrainingListener.NONE, ck, true))
        .isInstanceOf(ModelFileException.class)
        .hasMessageStartingWith(ck + ": the checkpoint was written for other training data (SHA-256 ")
        .hasMessageNotContaining("\n");
    // a renamed word gives the same token ids, but it is other data all the same
    ModelTrainer.LabeledTexts renamed = new ModelTrainer.LabeledTexts(
        data.texts().stream().map(t -> t.replace("superb", "splendid")).toList(), data.labels());
    assertThat(renamed.texts()).isNotEqualTo(data.texts());
    assertThatThrownBy(() -> train(tc, renamed, TrainingListener.NONE, ck, true))
        .hasMessageStartingWith(ck + ": the checkpoint was written for other training data (SHA-256 ");
    assertThatThrownBy(() -> train(tc.toBuilder().learningRate(0.02).build(), data, TrainingListener.NONE, ck, true))
        .hasMessage(ck + ": the checkpoint was written with another configuration (checkpoint learningRate=0.01, "
            + "this run learningRate=0.02); resume with the same settings or start over");
    assertThatThrownBy(() -> train(tc.toBuilder().threads(1).build(), data, TrainingListener.NONE, ck, true))
        .hasMessageContaining("(checkpoint threads=2, this run threads=1)");
    assertThatThrownBy(() -> ModelTrainer.train(TokenizerSettings.builder().lowercase(false).build(),
        VocabularySettings.defaults(), spdConfig(), tc, data, ModelTest.toyData(100, 2), "toy", TrainingListener.NONE, ck, true))
        .hasMessageContaining("(checkpoint lowercase=true, this run lowercase=false)");
    // the refused checkpoint is untouched and still resumes
    assertThat(Files.readAllBytes(ck)).isEqualTo(bytes);
    assertThat(train(tc, data, TrainingListener.NONE, ck, true).result().history()).hasSize(2);
  }

  @Test
  void configurationDifferenceNamesTheFirstDifferingField() {
    java.util.Map<String, String> ck = new java.util.LinkedHashMap<>(java.util.Map.of("T.x", "1"));
    ck.put("T.y", "a, b]");
    java.util.Map<String, String> now = new java.util.LinkedHashMap<>(java.util.Map.of("T.x", "1"));
    now.put("T.y", "a, c]");
    // field by field: a value with commas and brackets is one value, not several
    assertThat(Checkpoint.difference(ck, now)).isEqualTo("checkpoint y=a, b], this run y=a, c]");
    now.put("T.y", "a, b]");
    now.put("T.z", "3");
    assertThat(Checkpoint.difference(ck, now)).isEqualTo("checkpoint has no T.z, this run z=3");
    assertThat(Checkpoint.fields(java.util.List.of(TrainerConfig.paper(2, 5))))
        .containsEntry("TrainerConfig.threads", "2").containsEntry("TrainerConfig.seed", "5");
  }
}
