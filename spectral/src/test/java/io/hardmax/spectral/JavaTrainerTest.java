package io.hardmax.spectral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaTrainerTest {

  /** A noisy quadratic: loss 0.5 |p - t_s|^2 with t_s drawn from the step's seed around (1, -2, 3). */
  private static final class Quadratic implements JavaTrainer.Problem {
    final int failAt;

    Quadratic(int failAt) {
      this.failAt = failAt;
    }

    @Override
    public double lossAndGradient(double[] p, int step, double[] g) {
      if (step == failAt) {
        throw new IllegalStateException("interrupted at step " + step);
      }
      Random r = new Random(JavaTrainer.stepSeed(42, step));
      double[] t = {1 + 0.1 * r.nextGaussian(), -2 + 0.1 * r.nextGaussian(), 3 + 0.1 * r.nextGaussian()};
      double loss = 0;
      for (int j = 0; j < 3; j++) {
        g[j] = p[j] - t[j];
        loss += 0.5 * g[j] * g[j];
      }
      return loss;
    }

    @Override
    public double[] evaluate(double[] p) {
      return new double[] {Math.abs(p[0] - 1) + Math.abs(p[1] + 2) + Math.abs(p[2] - 3), p[0]};
    }
  }

  private static JavaTrainer.Options options(Path ck) {
    return new JavaTrainer.Options(400, new Adam.Schedule(0.05, 20, 400, Adam.Decay.COSINE, 0.01), 5, 50, ck, 100,
        "quadratic");
  }

  @Test
  void convergesAndKeepsTheBestEvaluation() throws IOException {
    var r = JavaTrainer.train(new double[3], options(null), new Quadratic(-1), line -> {});
    assertThat(r.best()[0]).isCloseTo(1, within(0.05));
    assertThat(r.best()[1]).isCloseTo(-2, within(0.05));
    assertThat(r.best()[2]).isCloseTo(3, within(0.05));
    assertThat(r.evalSteps()).startsWith(0, 50).endsWith(400);
    assertThat(r.trainLoss()).hasSize(400);
    assertThat(r.trainLoss()[399]).isLessThan(r.trainLoss()[0] / 100);
  }

  @Test
  void resumedRunEqualsTheUninterruptedOneBitForBit(@TempDir Path dir) throws IOException {
    var straight = JavaTrainer.train(new double[3], options(dir.resolve("a")), new Quadratic(-1), line -> {});
    Path ck = dir.resolve("b");
    assertThatThrownBy(() -> JavaTrainer.train(new double[3], options(ck), new Quadratic(250), line -> {}))
        .hasMessageContaining("interrupted at step 250");
    assertThat(ck).exists();
    List<String> log = new ArrayList<>();
    var resumed = JavaTrainer.train(new double[3], options(ck), new Quadratic(-1), log::add);
    assertThat(log.get(0)).contains("resumed").contains("step 200");
    assertThat(resumed.resumedFrom()).isEqualTo(200);
    assertThat(resumed.last()).containsExactly(straight.last());
    assertThat(resumed.best()).containsExactly(straight.best());
    assertThat(resumed.trainLoss()).containsExactly(straight.trainLoss());
    assertThat(resumed.evalSteps()).containsExactly(straight.evalSteps());
  }

  @Test
  void refusesADamagedOrForeignCheckpoint(@TempDir Path dir) throws IOException {
    Path ck = dir.resolve("c");
    JavaTrainer.train(new double[3], options(ck), new Quadratic(-1), line -> {});
    var other = new JavaTrainer.Options(400, new Adam.Schedule(0.05, 20, 400, Adam.Decay.COSINE, 0.01), 5, 50, ck, 100,
        "another run");
    assertThatThrownBy(() -> JavaTrainer.train(new double[3], other, new Quadratic(-1), line -> {}))
        .isInstanceOf(CheckpointException.class).isInstanceOf(io.hardmax.core.UserException.class)
        .hasMessageContaining("belongs to another run");
    byte[] b = Files.readAllBytes(ck);
    b[40] ^= 1;
    Files.write(ck, b);
    assertThatThrownBy(() -> JavaTrainer.train(new double[3], options(ck), new Quadratic(-1), line -> {}))
        .isInstanceOf(CheckpointException.class).hasMessageContaining("checksum mismatch");
  }

  @Test
  void scheduleWarmsUpThenDecays() {
    var cos = new Adam.Schedule(1, 10, 110, Adam.Decay.COSINE, 0.01);
    assertThat(cos.rate(1)).isCloseTo(0.1, within(1e-12));
    assertThat(cos.rate(10)).isCloseTo(1, within(1e-12));
    assertThat(cos.rate(60)).isCloseTo(0.505, within(1e-12));
    assertThat(cos.rate(110)).isCloseTo(0.01, within(1e-12));
    var step = new Adam.Schedule(1, 0, 100, Adam.Decay.STEP, 0);
    assertThat(step.rate(10)).isEqualTo(1);
    assertThat(step.rate(60)).isCloseTo(0.1, within(1e-12));
    assertThat(step.rate(90)).isCloseTo(0.01, within(1e-12));
  }

  @Test
  void spectralTrainerLowersTheValidationLossAndIsDeterministic() throws IOException {
    var c = new LearnedSpectralTransformer.Config(4, 6, 2, 2, 2);
    List<SpectralTransformer.Instance> validation = SpectralTransformerTest.instances(40, 4, 6, 2, new Random(3));
    var o = new JavaSpectralTrainer.Options(150, 8, 0.01, 10, Adam.Decay.COSINE, 1, 50, 2, 9, null);
    java.util.function.Function<Random, SpectralTransformer.Instance> source =
        r -> SpectralTransformerTest.instances(1, 4, 6, 2, r).get(0);
    var start = LearnedSpectralTransformer.random(c, new Random(1));
    var a = JavaSpectralTrainer.train(start, o, source, validation, List.of(), line -> {});
    var b = JavaSpectralTrainer.train(start, o, source, validation, List.of(), line -> {});
    assertThat(SpectralBackprop.flatten(a.last())).containsExactly(SpectralBackprop.flatten(b.last()));
    double[][] e = a.training().evaluations();
    assertThat(e[e.length - 1][0]).isLessThan(e[0][0] - 0.05);
  }
}
