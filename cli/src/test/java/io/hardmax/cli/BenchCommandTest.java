package io.hardmax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hardmax.attention.SentimentModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

  @Test
  void inferMeasuresTheInitialWeightsAndAGivenTrainedModel(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("trained.hmx");
    SentimentModel bundled = SentimentModel.loadDefault();
    bundled.save(model);
    MainTest.Run r = MainTest.run("bench", "infer", "--data", AnalyzeCommandTest.EXAMPLES.toString(), "--runs", "1",
        "--warmup", "0", "--threads", "1", "--model", model.toString(), "--format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(r.out());
    JsonNode rows = root.get("results");
    assertThat(rows).hasSize(5);
    for (int i = 0; i < 4; i++) {
      assertThat(rows.get(i).get("name").asText()).contains("initial weights");
    }
    JsonNode trained = rows.get(4);
    String shape = "d=" + bundled.config().dim() + ", depth " + bundled.config().depth() + ", " + bundled.config().maxLength() + " tokens";
    assertThat(trained.get("name").asText()).contains("trained.hmx").contains(shape);
    assertThat(trained.get("unit").asText()).isEqualTo("reviews/s");
    assertThat(trained.get("median").asDouble()).isPositive();
    assertThat(root.get("machine").get("cores").asInt()).isPositive();
  }

  @Test
  void aMissingModelIsAOneLineError(@TempDir Path dir) {
    MainTest.Run r = MainTest.run("bench", "infer", "--data", AnalyzeCommandTest.EXAMPLES.toString(), "--runs", "1",
        "--warmup", "0", "--model", dir.resolve("nope.hmx").toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err().strip()).contains("nope.hmx").doesNotContain("\tat ");
    assertThat(r.err().strip().lines()).hasSize(1);
  }
}
