package io.hardmax.eval.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaperImdbExperimentTest {
  static Path data(Path dir, String name, int n, long seed) throws Exception {
    String[] pos = {"great", "superb", "loved", "wonderful"};
    String[] neg = {"awful", "boring", "worst", "waste"};
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int y = r.nextInt(2);
      sb.append("{\"text\": \"The film was ").append((y == 1 ? pos : neg)[r.nextInt(4)]).append(" and the plot ")
          .append((y == 1 ? pos : neg)[r.nextInt(4)]).append(".\", \"label\": ").append(y).append("}\n");
    }
    Path p = dir.resolve(name);
    Files.writeString(p, sb.toString());
    return p;
  }

  @Test
  void runsOnSmallDataAndReportsEveryColumn(@TempDir Path dir) throws Exception {
    Path train = data(dir, "train.jsonl", 300, 1);
    Path test = data(dir, "test.jsonl", 100, 2);
    PaperImdbExperiment e = new PaperImdbExperiment();
    ObjectNode r = e.run(Map.of("dims", "2", "epochs", "2", "threads", "1", "train", train.toString(), "test", test.toString()),
        7, new PrintStream(java.io.OutputStream.nullOutputStream()));
    assertThat(r.get("rows")).hasSize(2);
    assertThat(r.get("rows").get(1).get("depth").asInt()).isZero();
    for (String f : new String[] {"test_accuracy_softmax", "test_accuracy_hardmax", "test_accuracy_without_attention",
        "best_epoch", "seconds_per_epoch_median", "median_follower_share"}) {
      assertThat(r.get("rows").get(0).has(f)).as(f).isTrue();
    }
    assertThat(r.get("validation_count").asInt()).isEqualTo(30);
    assertThat(e.toText(r)).contains("test hard");
    assertThatThrownBy(() -> e.run(Map.of("nope", "1"), 1, System.err)).hasMessageContaining("unknown option 'nope'");
    assertThatThrownBy(() -> e.run(Map.of("dims", "2,x"), 1, System.err)).hasMessage("option dims must be a positive integer, found 'x'");
    assertThatThrownBy(() -> e.run(Map.of("epochs", "0"), 1, System.err)).hasMessage("option epochs must be a positive integer, found 0");
  }
}
