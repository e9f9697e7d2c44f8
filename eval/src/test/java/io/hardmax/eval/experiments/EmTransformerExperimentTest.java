package io.hardmax.eval.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmTransformerExperimentTest {

  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @Test
  void bothModelsAreTrainedOneIsChosenOnValidationAndEveryRowHasEveryColumn() {
    EmTransformerExperiment e = new EmTransformerExperiment();
    ObjectNode r = e.run(Map.of("n", "30", "layers", "2", "train", "1", "sweeps", "1", "steps", "3", "batch", "2",
        "valid", "1", "test", "2"), 5, QUIET);
    assertThat(r.get("rows")).hasSize(15);
    assertThat(r.get("chosen").asText()).isIn("grid", "samediff");
    double chosenValid = r.get("valid_" + r.get("chosen").asText()).asDouble();
    assertThat(chosenValid).isLessThanOrEqualTo(Math.max(r.get("valid_grid").asDouble(),
        r.get("valid_samediff").asDouble()));
    for (JsonNode row : r.get("rows")) {
      for (String f : new String[] {"K", "delta", "transformer", "grid", "samediff", "em", "lloyd"}) {
        assertThat(row.has(f)).as(f).isTrue();
      }
      assertThat(row.has("bayes")).isEqualTo(row.get("K").asInt() == 2);
      assertThat(row.get("transformer").asDouble()).isEqualTo(row.get(r.get("chosen").asText()).asDouble());
    }
    assertThat(r.get("samediff").get("train_seconds").asDouble()).isPositive();
    assertThat(r.get("samediff").get("steps").asInt()).isEqualTo(3);
    assertThat(e.toText(r)).contains("samediff").contains("validation: grid");
  }

  @Test
  void sameSeedGivesTheSameRowsAndModel() {
    Map<String, String> o = Map.of("n", "30", "layers", "2", "steps", "4", "batch", "2", "test", "1",
        "model", "samediff");
    ObjectNode a = new EmTransformerExperiment().run(o, 9, QUIET);
    ObjectNode b = new EmTransformerExperiment().run(o, 9, QUIET);
    assertThat(a.get("rows")).isEqualTo(b.get("rows"));
    assertThat(a.get("samediff").get("inverse_temperatures")).isEqualTo(b.get("samediff").get("inverse_temperatures"));
    assertThat(a.get("samediff").get("stopped_by_time_cap").asBoolean()).isFalse();
  }

  @Test
  void gridOnlyRunHasNoSameDiffColumn() {
    ObjectNode r = new EmTransformerExperiment().run(Map.of("n", "30", "layers", "2", "train", "1", "sweeps", "1",
        "test", "1", "model", "grid"), 5, QUIET);
    assertThat(r.get("chosen").asText()).isEqualTo("grid");
    assertThat(r.get("rows").get(0).has("samediff")).isFalse();
    assertThat(r.has("samediff")).isFalse();
  }

  @Test
  void rejectsUnknownOptionsAndValues() {
    EmTransformerExperiment e = new EmTransformerExperiment();
    assertThatThrownBy(() -> e.run(Map.of("nope", "1"), 1, QUIET)).hasMessageContaining("unknown option 'nope'");
    assertThatThrownBy(() -> e.run(Map.of("model", "sgd"), 1, QUIET))
        .hasMessageContaining("option model must be one of").hasMessageContaining("'sgd'");
    assertThatThrownBy(() -> e.run(Map.of("lr", "-1"), 1, QUIET)).hasMessageContaining("option lr must be");
    assertThatThrownBy(() -> e.run(Map.of("init", "zeros"), 1, QUIET)).hasMessageContaining("init must be em or random");
  }
}
