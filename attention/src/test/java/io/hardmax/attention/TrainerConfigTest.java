package io.hardmax.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The builder of {@link TrainerConfig}: the paper's defaults, copies, and validation in the record. */
class TrainerConfigTest {

  @Test
  void paperHoldsThePapersSettings() {
    assertThat(TrainerConfig.paper(3, 42))
        .isEqualTo(new TrainerConfig(30, 64, 1e-3, 0.9, 0.999, 1e-8, 5, 0, 3, 3, 42, 0, 1.0, 0));
    assertThat(TrainerConfig.builder().build()).isEqualTo(TrainerConfig.paper(1, 0));
  }

  @Test
  void toBuilderCopiesEveryFieldAndChangesOnlyWhatIsSet() {
    TrainerConfig c = new TrainerConfig(7, 8, 0.5, 0.1, 0.2, 1e-6, 0, 0.01, 4, 2, -9, 3, 0.3, 0.25);
    assertThat(c.toBuilder().build()).isEqualTo(c);
    assertThat(c.toBuilder().learningRate(0.25).build())
        .isEqualTo(new TrainerConfig(7, 8, 0.25, 0.1, 0.2, 1e-6, 0, 0.01, 4, 2, -9, 3, 0.3, 0.25));
  }

  @Test
  void buildValidatesInTheRecord() {
    assertThatThrownBy(() -> TrainerConfig.builder().batchSize(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batchSize must be >= 1, was 0");
    assertThatThrownBy(() -> TrainerConfig.paper(1, 0).toBuilder().wordDropout(1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("wordDropout must be in [0, 1), was 1.0");
  }
}
