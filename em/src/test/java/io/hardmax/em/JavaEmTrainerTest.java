package io.hardmax.em;

import static org.assertj.core.api.Assertions.assertThat;

import io.hardmax.spectral.Adam;
import io.hardmax.spectral.JavaTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaEmTrainerTest {

  private static List<EmTransformerTrainer.Instance> draw(int count, int k, long seed) {
    Random r = new Random(seed);
    List<EmTransformerTrainer.Instance> list = new ArrayList<>();
    for (int t = 0; t < count; t++) {
      list.add(EmTransformerTest.instance(k, 3, 40, 3, r));
    }
    return list;
  }

  @Test
  void sameSeedAndThreadsGiveTheSameBitsAndTrainingLowersTheLoss(@TempDir Path dir) throws IOException {
    IntFunction<List<EmTransformerTrainer.Instance>> batches = s -> draw(4, 2 + s % 2, JavaTrainer.stepSeed(5, s));
    List<EmTransformerTrainer.Instance> validation = draw(20, 2, 99);
    var o = new JavaEmTrainer.Options(3, 120, 0.01, 10, Adam.Decay.COSINE, 1, 40, 2, null);
    var init = LearnedEmTransformer.random(3, 3, new Random(1));
    var a = JavaEmTrainer.train(init, o, batches, "test", validation, List.of(), line -> {});
    var b = JavaEmTrainer.train(init, o, batches, "test", validation, List.of(), line -> {});
    assertThat(a.last().flatten()).containsExactly(b.last().flatten());
    double[] loss = a.training().trainLoss();
    double first = (loss[0] + loss[1] + loss[2] + loss[3]) / 4;
    double last = (loss[116] + loss[117] + loss[118] + loss[119]) / 4;
    assertThat(last).isLessThan(first / 2);
    // a checkpointed run resumed from its last checkpoint ends with the same weights
    Path ck = dir.resolve("em.ck");
    var withCk = new JavaEmTrainer.Options(3, 120, 0.01, 10, Adam.Decay.COSINE, 1, 40, 2, ck);
    var c = JavaEmTrainer.train(init, withCk, batches, "test", validation, List.of(), line -> {});
    assertThat(c.last().flatten()).containsExactly(a.last().flatten());
    List<String> log = new ArrayList<>();
    var d = JavaEmTrainer.train(init, withCk, batches, "test", validation, List.of(), log::add);
    assertThat(log.get(0)).contains("resumed").contains("step 120");
    assertThat(d.last().flatten()).containsExactly(a.last().flatten());
  }
}
