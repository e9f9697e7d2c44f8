package io.hardmax.attention;

import static org.assertj.core.api.Assertions.assertThat;

import io.hardmax.nlp.TokenizerSettings;
import io.hardmax.nlp.VocabularySettings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embedding dropout by word type: which tokens a review keeps, and training with it. */
class WordDropoutTest {

  @Test
  void dropsEveryCopyOfAWordTogetherAtTheGivenRate() {
    int vocab = 20_000;
    int[] ids = new int[2 * vocab];
    for (int i = 0; i < vocab; i++) {
      ids[i] = i;
      ids[vocab + i] = i; // every word twice
    }
    int[] out = new int[ids.length];
    int n = HardmaxTrainer.dropWords(ids, out, 0.25, 7, 3, 11);
    int[] kept = Arrays.copyOf(out, n);
    Set<Integer> keptWords = new HashSet<>();
    for (int id : kept) {
      keptWords.add(id);
    }
    assertThat(n).as("both copies of each kept word").isEqualTo(2 * keptWords.size());
    assertThat(keptWords.size() / (double) vocab).isCloseTo(0.75, org.assertj.core.data.Offset.offset(0.015));
    // order of the surviving tokens is preserved
    assertThat(Arrays.copyOf(kept, n / 2)).isSorted();

    // a pure function of (seed, epoch, review, word)
    int[] again = new int[ids.length];
    assertThat(HardmaxTrainer.dropWords(ids, again, 0.25, 7, 3, 11)).isEqualTo(n);
    assertThat(Arrays.copyOf(again, n)).isEqualTo(kept);
    // another epoch, review or seed draws again
    for (int[] k : new int[][] {{7, 4, 11}, {7, 3, 12}, {8, 3, 11}}) {
      int m = HardmaxTrainer.dropWords(ids, again, 0.25, k[0], k[1], k[2]);
      assertThat(Arrays.copyOf(again, m)).isNotEqualTo(kept);
    }
  }

  @Test
  void aReviewWhoseWordsWouldAllBeDroppedIsKeptWhole() {
    int[] ids = {5, 9, 5, 2};
    int[] out = new int[4];
    assertThat(HardmaxTrainer.dropWords(ids, out, 0.999_999_999, 1, 1, 1)).isEqualTo(4);
    assertThat(out).isEqualTo(ids);
  }

  @Test
  void trainingWithWordDropoutIsDeterministicAndDiffersFromTrainingWithout() {
    TrainerConfig tc = TrainerConfig.builder().threads(2).seed(9).maxEpochs(4).learningRate(0.01).embeddingInitStd(0.3).build();
    ModelTrainer.Outcome plain = train(tc);
    ModelTrainer.Outcome a = train(tc.toBuilder().wordDropout(0.3).build());
    ModelTrainer.Outcome b = train(tc.toBuilder().wordDropout(0.3).build());
    assertThat(a.model().network().weights().embeddings).isEqualTo(b.model().network().weights().embeddings);
    assertThat(a.model().network().weights().dense).isEqualTo(b.model().network().weights().dense);
    assertThat(a.model().network().weights().embeddings).isNotEqualTo(plain.model().network().weights().embeddings);
    // it still learns the toy problem (validation accuracy of the chosen epoch), about as well as without
    double accPlain = plain.result().best().validationAccuracyHardmax();
    double accDrop = a.result().best().validationAccuracyHardmax();
    assertThat(accDrop).as("with dropout, against %s without", accPlain).isGreaterThan(0.7).isGreaterThan(accPlain - 0.05);
    assertThat(a.model().provenance().trainer()).contains("wordDropout=0.3");
  }

  @Test
  void aResumedRunWithWordDropoutEqualsTheUninterruptedOne(@TempDir Path dir) {
    TrainerConfig tc = CheckpointTest.toyTrainer(3).toBuilder().wordDropout(0.3).build();
    ModelTrainer.LabeledTexts data = ModelTest.toyData(300, 1);
    ModelTrainer.Outcome straight = CheckpointTest.train(tc, data, TrainingListener.NONE, dir.resolve("a.ckpt"), false);
    Path ck = dir.resolve("b.ckpt");
    try {
      CheckpointTest.train(tc, data, CheckpointTest.crashAfter(2), ck, false);
    } catch (CheckpointTest.Crash expected) {
      // the simulated crash after epoch 2
    }
    CheckpointTest.assertSameModel(straight, CheckpointTest.train(tc, data, TrainingListener.NONE, ck, true));
  }

  private static ModelTrainer.Outcome train(TrainerConfig tc) {
    return ModelTrainer.train(TokenizerSettings.defaults(), VocabularySettings.defaults(), ModelTest.toyConfig(), tc,
        ModelTest.toyData(600, 1), ModelTest.toyData(200, 2), "toy", TrainingListener.NONE);
  }
}
