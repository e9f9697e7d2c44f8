package io.hardmax.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DynamicsCommandTest {

  @Test
  void nonLeaderJsonConvergesToEdgeMidpoints() throws Exception {
    MainTest.Run r = MainTest.run("dynamics", "--case", "non-leader", "--format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("final").get(4).get(0).asDouble()).isCloseTo(1, within(1e-4));
    assertThat(j.get("final").get(4).get(1).asDouble()).isCloseTo(0, within(1e-9));
    assertThat(j.get("final").get(5).get(0).asDouble()).isCloseTo(-1, within(1e-4));
    assertThat(j.get("leaders").toString()).isEqualTo("[0,1,2,3]");
    assertThat(j.get("clusters")).hasSize(6);
    assertThat(j.get("violations")).isEmpty();
  }

  @Test
  void writesPlotsAndReadsPointsAndMatrix(@TempDir Path dir) throws Exception {
    Path pts = dir.resolve("p.csv");
    Files.writeString(pts, "# x,y\n2,0\n0,2\n1,1.5\n");
    Path a = dir.resolve("a.csv");
    Files.writeString(a, "1,0.9\n0.9,1\n");
    MainTest.Run r = MainTest.run("dynamics", "--points", pts.toString(), "--matrix", a.toString(),
        "--steps", "10", "--plots", dir.resolve("plots").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("invariants: all hold");
    assertThat(dir.resolve("plots/snapshots.svg")).content().startsWith("<svg");
    assertThat(Files.size(dir.resolve("plots/snapshots.png"))).isGreaterThan(1000);
    assertThat(dir.resolve("plots/trajectories.svg")).content().contains("<animate");
  }

  @Test
  void badCsvIsOneLineUserError(@TempDir Path dir) throws Exception {
    Path pts = dir.resolve("bad.csv");
    Files.writeString(pts, "1,2\n3,x\n");
    MainTest.Run r = MainTest.run("dynamics", "--points", pts.toString());
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err().strip()).isEqualTo("hardmax: " + pts + ", line 2: expected a number, found 'x'");
  }

  @Test
  void unknownCaseIsBadInput() {
    MainTest.Run r = MainTest.run("dynamics", "--case", "hexagon");
    assertThat(r.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(r.err()).contains("unknown case 'hexagon'").doesNotContain("\tat ");
  }
}
