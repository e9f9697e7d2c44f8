package io.hardmax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hardmax.eval.Experiment;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentCommandTest {

  /** A test experiment that echoes its options and seed. */
  public static final class Echo implements Experiment {
    @Override
    public String name() {
      return "echo-test";
    }

    @Override
    public String description() {
      return "echoes its options (test only)";
    }

    @Override
    public ObjectNode run(Map<String, String> options, long seed, PrintStream log) {
      for (String k : options.keySet()) {
        if (!Set.of("x").contains(k)) {
          throw new io.hardmax.core.UserException("unknown option '" + k + "', expected x");
        }
      }
      ObjectNode o = new ObjectMapper().createObjectNode();
      o.put("seed", seed).put("x", options.getOrDefault("x", "none"));
      return o;
    }

    @Override
    public String toText(ObjectNode result) {
      return "x = " + result.get("x").asText();
    }
  }

  @Test
  void listsAndRunsWithOptionsAndSeed(@TempDir Path dir) throws Exception {
    assertThat(MainTest.run("experiment", "--list").out()).contains("echo-test");
    MainTest.Run text = MainTest.run("experiment", "echo-test", "--set", "x=5");
    assertThat(text.code()).isZero();
    assertThat(text.out().strip()).isEqualTo("x = 5");
    Path out = dir.resolve("r.json");
    MainTest.Run json = MainTest.run("experiment", "echo-test", "--seed", "7", "--format", "json", "--output", out.toString());
    assertThat(new ObjectMapper().readTree(json.out()).get("seed").asLong()).isEqualTo(7);
    assertThat(out).content().contains("\"seed\" : 7");
  }

  @Test
  void unknownExperimentOrOptionIsBadInput() {
    MainTest.Run r = MainTest.run("experiment", "nope");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("unknown experiment 'nope'");
    MainTest.Run o = MainTest.run("experiment", "echo-test", "--set", "y=1");
    assertThat(o.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(o.err()).contains("unknown option 'y'");
  }
}
