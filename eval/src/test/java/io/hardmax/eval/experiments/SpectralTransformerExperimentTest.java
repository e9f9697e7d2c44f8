package io.hardmax.eval.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpectralTransformerExperimentTest {

  @Test
  void tinyRunReportsEveryModelAndChoosesOneOnValidation() throws Exception {
    var e = new SpectralTransformerExperiment();
    ObjectNode r = e.run(Map.of("layers", "2", "train", "20", "test", "30", "validation", "20", "sd-steps", "3",
        "sd-batch", "4", "sd-eval-every", "2"), 5, new PrintStream(OutputStream.nullOutputStream()));
    assertThat(r.get("cos")).hasSize(3);
    assertThat(r.get("power_method_cos")).hasSize(3);
    assertThat(r.get("models").fieldNames()).toIterable().containsExactly("shift", "samediff-hand", "samediff-random");
    String chosen = r.get("transformer").asText();
    assertThat(r.get("cos")).isEqualTo(r.get("models").get(chosen).get("cos"));
    double best = -1;
    String argmax = null;
    for (var it = r.get("models").fields(); it.hasNext(); ) {
      var m = it.next();
      double mean = 0;
      for (var c : m.getValue().get("validation_cos")) {
        mean += c.asDouble();
      }
      if (mean > best) {
        best = mean;
        argmax = m.getKey();
      }
    }
    assertThat(chosen).isEqualTo(argmax);
    var hand = r.get("models").get("samediff-hand");
    assertThat(hand.get("layers").asInt()).isEqualTo(4);
    assertThat(hand.get("train_seconds").asDouble()).isPositive();
    assertThat(hand.get("validation_steps")).hasSize(3);
    assertThat(e.toText(r)).contains("samediff-random").contains("transformer = " + chosen);
  }

  @Test
  void randomStartTrainsWithTheJavaPass() throws Exception {
    var e = new SpectralTransformerExperiment();
    ObjectNode r = e.run(Map.of("layers", "2", "train", "20", "test", "30", "validation", "20", "samediff", "false",
        "init", "random", "java-steps", "4", "java-batch", "4", "java-eval-every", "2", "curve", "10"), 5,
        new PrintStream(OutputStream.nullOutputStream()));
    assertThat(r.get("models").fieldNames()).toIterable().containsExactly("shift", "java-random");
    var j = r.get("models").get("java-random");
    assertThat(j.get("curve_steps")).hasSize(3);
    assertThat(j.get("curve_test_cos").get(0)).hasSize(3);
    assertThat(j.get("layers_analysis").get("cos_to_target")).hasSize(5);
    assertThat(j.get("cos")).hasSize(3);
  }

  @Test
  void lossWeightsChangeTheTrainingAndAreRecorded() throws Exception {
    var e = new SpectralTransformerExperiment();
    Map<String, String> base = Map.of("layers", "2", "train", "20", "test", "30", "validation", "20", "samediff",
        "false", "init", "random", "java-steps", "6", "java-batch", "4", "java-eval-every", "3", "curve", "10");
    var weighted = new java.util.HashMap<>(base);
    weighted.put("java-loss-weights", "1,2,3");
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    var plain = e.run(base, 5, quiet).get("models").get("java-random");
    var w = e.run(weighted, 5, quiet).get("models").get("java-random");
    assertThat(plain.has("loss_weights")).isFalse();
    assertThat(w.get("loss_weights").get(2).asDouble()).isEqualTo(3.0);
    // same start and batches, different loss: the curves agree at step 0 and differ afterwards
    assertThat(w.get("curve_validation_loss").get(0)).isEqualTo(plain.get("curve_validation_loss").get(0));
    assertThat(w.get("curve_validation_loss").get(2).asDouble())
        .isNotEqualTo(plain.get("curve_validation_loss").get(2).asDouble());
  }

  @Test
  void badOptionsAreRejectedBeforeAnyWork() {
    var e = new SpectralTransformerExperiment();
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    assertThatThrownBy(() -> e.run(Map.of("sd-init", "zeros"), 1, quiet))
        .hasMessage("option sd-init must be hand, random or both, found 'zeros'");
    assertThatThrownBy(() -> e.run(Map.of("sd-lr", "-1"), 1, quiet))
        .hasMessage("option sd-lr must be a positive number, found -1");
    assertThatThrownBy(() -> e.run(Map.of("sd-heads", "2"), 1, quiet))
        .hasMessageContaining("needs sd-heads >= 4");
    assertThatThrownBy(() -> e.run(Map.of("samediff", "yes"), 1, quiet))
        .hasMessage("option samediff must be true or false, found 'yes'");
    assertThatThrownBy(() -> e.run(Map.of("java-loss-weights", "1,2"), 1, quiet))
        .hasMessage("option java-loss-weights must be 3 comma-separated numbers >= 0, not all 0 (one per eigenvector), "
            + "found '1,2'");
    assertThatThrownBy(() -> e.run(Map.of("java-loss-weights", "1,x,2"), 1, quiet))
        .hasMessage("option java-loss-weights must be 3 comma-separated numbers >= 0, found '1,x,2'");
  }
}
