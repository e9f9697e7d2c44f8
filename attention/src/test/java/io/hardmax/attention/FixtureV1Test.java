package io.hardmax.attention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Format-version-1 model files keep loading and predicting exactly as when they were written (at 7131e54, see
 * {@link FixtureV1}): the same logit bit for bit and the same leaders, for every recorded text.
 */
class FixtureV1Test {

  @Test
  void version1FixturesPredictAsWhenWritten() throws Exception {
    HardmaxConfig[] configs = {FixtureV1.identityBigrams(), FixtureV1.spdPerLayer()};
    for (int k = 0; k < FixtureV1.NAMES.length; k++) {
      String name = FixtureV1.NAMES[k];
      SentimentModel m;
      try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name + ".hmx")) {
        assertThat(in).as("fixture %s.hmx", name).isNotNull();
        m = ModelFile.read(in, name + ".hmx");
      }
      assertThat(m.config()).as(name).isEqualTo(configs[k]);
      List<String> expected;
      try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name + ".expected")) {
        assertThat(in).as("fixture %s.expected", name).isNotNull();
        expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      }
      assertThat(expected).as(name).hasSize(FixtureV1.texts().size());
      if (k == 0) {
        assertThat(m.vocabulary().hasBigrams()).isTrue();
      }
      for (String line : expected) {
        String text = line.split("\t", -1)[2];
        assertThat(FixtureV1.line(m, text)).as("%s: %s", name, text).isEqualTo(line);
        // the batch path gives the explanation's logit bit for bit
        assertThat(Long.toHexString(Double.doubleToRawLongBits(m.predict(text).logit()))).isEqualTo(line.split("\t")[0]);
      }
    }
  }
}
