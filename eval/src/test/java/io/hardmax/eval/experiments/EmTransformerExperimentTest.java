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
  void bothModelsAreTrainedOneIsChosenOnValidationAndEveryRowHasEveryColumn() throws Exception {
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
  void sameSeedGivesTheSameRowsAndModel() throws Exception {
    Map<String, String> o = Map.of("n", "30", "layers", "2", "steps", "4", "batch", "2", "test", "1",
        "model", "samediff");
    ObjectNode a = new EmTransformerExperiment().run(o, 9, QUIET);
    ObjectNode b = new EmTransformerExperiment().run(o, 9, QUIET);
    assertThat(a.get("rows")).isEqualTo(b.get("rows"));
    assertThat(a.get("samediff").get("inverse_temperatures")).isEqualTo(b.get("samediff").get("inverse_temperatures"));
    assertThat(a.get("samediff").get("stopped_by_time_cap").asBoolean()).isFalse();
  }

  @Test
  void gridOnlyRunHasNoSameDiffColumn() throws Exception {
    ObjectNode r = new EmTransformerExperiment().run(Map.of("n", "30", "layers", "2", "train", "1", "sweeps", "1",
        "test", "1", "model", "grid"), 5, QUIET);
    assertThat(r.get("chosen").asText()).isEqualTo("grid");
    assertThat(r.get("rows").get(0).has("samediff")).isFalse();
    assertThat(r.has("samediff")).isFalse();
  }

  @Test
  void randomStartTrainsWithTheJavaPassAndRecordsCurveAndLayers(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path plot = dir.resolve("curve.svg");
    Map<String, String> o = new java.util.HashMap<>(Map.of("n", "30", "layers", "2", "batch", "2", "test", "2",
        "valid", "1", "model", "samediff", "init", "random", "java-steps", "4", "java-eval-every", "2", "curve", "1"));
    o.put("plot", plot.toString());
    ObjectNode r = new EmTransformerExperiment().run(o, 5, QUIET);
    assertThat(r.get("chosen").asText()).isEqualTo("java");
    assertThat(r.has("samediff")).isFalse();
    JsonNode j = r.get("java");
    assertThat(j.get("curve_steps")).hasSize(3);
    assertThat(j.get("curve_test")).hasSize(3);
    assertThat(j.get("layers_analysis").get("e_step_tv")).hasSize(2);
    assertThat(r.get("rows").get(0).has("java")).isTrue();
    assertThat(plot).exists();
    assertThat(dir.resolve("curve.png")).exists();
    assertThat(new EmTransformerExperiment().toText(r)).contains("java (from random weights)");
  }

  @Test
  void severalStartsDifferOnlyInTheirWeightsAndTheLowestValidationIsKept(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    Map<String, String> one = new java.util.HashMap<>(Map.of("n", "30", "layers", "2", "batch", "2", "test", "2",
        "valid", "2", "model", "samediff", "init", "random", "java-steps", "6", "java-eval-every", "3", "curve", "1"));
    one.put("threads", "1");
    Map<String, String> three = new java.util.HashMap<>(one);
    three.put("java-starts", "3");
    three.put("checkpoint", dir.resolve("ck").toString());
    ObjectNode a = new EmTransformerExperiment().run(one, 7, QUIET);
    ObjectNode b = new EmTransformerExperiment().run(three, 7, QUIET);
    JsonNode ja = a.get("java");
    JsonNode jb = b.get("java");
    assertThat(ja.get("starts").asInt()).isEqualTo(1);
    assertThat(ja.get("chosen_start").asInt()).isZero();
    assertThat(jb.get("starts").asInt()).isEqualTo(3);
    assertThat(jb.get("start_validation")).hasSize(3);
    // start 0 is the single-start run bit for bit; the other starts have other weights, so another training loss
    assertThat(jb.get("start_validation").get(0)).isEqualTo(ja.get("start_validation").get(0));
    assertThat(jb.get("start_last_train_loss").get(0)).isEqualTo(ja.get("start_last_train_loss").get(0));
    assertThat(jb.get("start_last_train_loss").get(1).asDouble())
        .isNotEqualTo(jb.get("start_last_train_loss").get(0).asDouble());
    assertThat(jb.get("start_last_train_loss").get(2).asDouble())
        .isNotEqualTo(jb.get("start_last_train_loss").get(1).asDouble());
    // the kept start has the lowest validation misclustering (the first such start on a tie)
    int chosen = jb.get("chosen_start").asInt();
    for (int s = 0; s < 3; s++) {
      double v = jb.get("start_validation").get(s).asDouble();
      double c = jb.get("start_validation").get(chosen).asDouble();
      assertThat(s < chosen ? v > c : v >= c).as("start %d", s).isTrue();
    }
    assertThat(jb.get("curve_validation").get(jb.get("curve_validation").size() - 1)).isNotNull();
    double minCurve = Double.POSITIVE_INFINITY;
    for (JsonNode v : jb.get("curve_validation")) {
      minCurve = Math.min(minCurve, v.asDouble());
    }
    assertThat(minCurve).isEqualTo(jb.get("start_validation").get(chosen).asDouble());
    if (chosen == 0) {
      assertThat(b.get("rows")).isEqualTo(a.get("rows"));
    }
    // every start checkpoints to its own file, and a rerun resumes all of them to the same result
    assertThat(dir.resolve("ck")).exists();
    assertThat(dir.resolve("ck.start1")).exists();
    assertThat(dir.resolve("ck.start2")).exists();
    ObjectNode again = new EmTransformerExperiment().run(three, 7, QUIET);
    assertThat(again.get("java").get("resumed_from_step").asInt()).isEqualTo(6);
    assertThat(again.get("rows")).isEqualTo(b.get("rows"));
    assertThat(again.get("java").get("start_validation")).isEqualTo(jb.get("start_validation"));
    assertThat(new EmTransformerExperiment().toText(b)).contains("java starts: 3");
  }

  @Test
  void rejectsUnknownOptionsAndValues() throws Exception {
    EmTransformerExperiment e = new EmTransformerExperiment();
    assertThatThrownBy(() -> e.run(Map.of("nope", "1"), 1, QUIET)).hasMessageContaining("unknown option 'nope'");
    assertThatThrownBy(() -> e.run(Map.of("model", "sgd"), 1, QUIET))
        .hasMessageContaining("option model must be one of").hasMessageContaining("'sgd'");
    assertThatThrownBy(() -> e.run(Map.of("lr", "-1"), 1, QUIET)).hasMessageContaining("option lr must be");
    assertThatThrownBy(() -> e.run(Map.of("init", "zeros"), 1, QUIET)).hasMessageContaining("init must be em or random");
    assertThatThrownBy(() -> e.run(Map.of("java-starts", "0"), 1, QUIET))
        .hasMessage("option java-starts must be a positive integer, found 0");
    assertThatThrownBy(() -> e.run(Map.of("java-starts", "two"), 1, QUIET))
        .hasMessage("option java-starts must be a positive integer, found 'two'");
  }
}
