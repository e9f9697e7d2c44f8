package io.hardmax.cli;

import io.hardmax.core.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hardmax.eval.dynamics.DynamicsCase;
import io.hardmax.eval.dynamics.DynamicsPlots;
import io.hardmax.eval.dynamics.HardmaxDynamics;
import io.hardmax.eval.dynamics.Simulation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hardmax dynamics}: simulates the hardmax dynamics on points and checks the paper's invariants. */
@Command(
    name = "dynamics",
    mixinStandardHelpOptions = true,
    description = {
      "Simulate the hardmax dynamics z_i <- (z_i + alpha * mean_{j in C_i} z_j) / (1 + alpha) on points,",
      "print leaders and diagnostics per step, check the invariants (hull never grows, leaders fixed,",
      "followers of fixed leaders close in by 1/(1+alpha)) and write snapshot plots and an animated SVG."
    })
final class DynamicsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--case", defaultValue = "non-leader",
      description = "emerging-leader, triangle, square, non-leader or random (default: ${DEFAULT-VALUE}); ignored with --points")
  String caseName;

  @Option(names = "--n", defaultValue = "12", description = "number of points of the random case (default: ${DEFAULT-VALUE})")
  int n;

  @Option(names = "--dim", defaultValue = "2", description = "dimension of the random case (default: ${DEFAULT-VALUE})")
  int dim;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the random case (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--alpha", defaultValue = "0.5", description = "alpha > 0 (default: ${DEFAULT-VALUE})")
  double alpha;

  @Option(names = "--steps", defaultValue = "30", description = "number of layers (default: ${DEFAULT-VALUE})")
  int steps;

  @Option(names = "--points", paramLabel = "FILE.csv", description = "starting points, one per line, comma-separated coordinates")
  Path points;

  @Option(names = "--matrix", paramLabel = "A.csv", description = "symmetric positive definite A (d rows of d numbers); identity by default")
  Path matrix;

  @Option(names = "--plots", paramLabel = "DIR", description = "write snapshots (k = 0, 1, 2, 5, last) as SVG and PNG and an animated SVG here")
  Path plots;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--debug", description = "print stack traces of errors")
  boolean debug;

  @Override
  public Integer call() throws IOException {
    if (!format.equals("text") && !format.equals("json")) {
      throw new CliException("--format must be text or json, was '" + format + "'");
    }
    if (steps < 0 || steps > 100_000) {
      throw new CliException("--steps must be between 0 and 100000, was " + steps);
    }
    double[][] start;
    String name;
    try {
      if (points != null) {
        start = readCsv(points, -1);
        name = points.toString();
      } else {
        DynamicsCase c = DynamicsCase.parse(caseName);
        start = c.points(n, dim, seed);
        name = c.cliName();
      }
      int d = HardmaxDynamics.dimensionOf(start);
      double[][] a = matrix == null ? null : readCsv(matrix, d);
      HardmaxDynamics dyn = new HardmaxDynamics(a, alpha, HardmaxDynamics.DEFAULT_TIE_TOLERANCE, d);
      Simulation sim = Simulation.run(dyn, start, steps);
      PrintWriter out = spec.commandLine().getOut();
      if (format.equals("json")) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        out.println(mapper.writeValueAsString(toJson(mapper, name, sim)));
      } else {
        printText(out, name, sim);
      }
      out.flush();
      if (plots != null) {
        writePlots(sim);
      }
      return sim.violations().isEmpty() ? Main.OK : Main.FAILURE;
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
  }

  private ObjectNode toJson(ObjectMapper mapper, String name, Simulation sim) {
    ObjectNode o = mapper.createObjectNode();
    o.put("case", name).put("alpha", alpha).put("steps", steps);
    ArrayNode fin = o.putArray("final");
    for (double[] p : sim.finalPositions()) {
      ArrayNode row = fin.addArray();
      for (double v : p) {
        row.add(v);
      }
    }
    ArrayNode leaders = o.putArray("leaders");
    for (int l : sim.leaders()[sim.steps()]) {
      leaders.add(l);
    }
    ArrayNode clusters = o.putArray("clusters");
    for (List<Integer> cl : sim.finalClusters()) {
      ArrayNode c = clusters.addArray();
      cl.forEach(c::add);
    }
    ArrayNode per = o.putArray("per_step");
    for (int k = 0; k <= sim.steps(); k++) {
      ObjectNode s = per.addObject();
      s.put("step", k);
      ArrayNode l = s.putArray("leaders");
      for (int x : sim.leaders()[k]) {
        l.add(x);
      }
      s.put("max_distance_to_final", sim.maxDistanceToFinal()[k]);
      if (!Double.isNaN(sim.hullArea()[k])) {
        s.put("hull_area", sim.hullArea()[k]);
      }
      s.put("clusters", sim.clusterCount()[k]);
    }
    ArrayNode v = o.putArray("violations");
    sim.violations().forEach(v::add);
    return o;
  }

  private void printText(PrintWriter out, String name, Simulation sim) {
    out.printf(Locale.ROOT, "hardmax dynamics: %s, %d points in R^%d, alpha = %s, %d steps%n", name,
        sim.finalPositions().length, sim.finalPositions()[0].length, alpha, sim.steps());
    out.printf(Locale.ROOT, "%5s  %-24s %14s %12s %9s%n", "step", "leaders", "max dist final", "hull area", "clusters");
    for (int k = 0; k <= sim.steps(); k++) {
      out.printf(Locale.ROOT, "%5d  %-24s %14.6g %12s %9d%n", k, Arrays.toString(sim.leaders()[k]),
          sim.maxDistanceToFinal()[k],
          Double.isNaN(sim.hullArea()[k]) ? "-" : String.format(Locale.ROOT, "%.6g", sim.hullArea()[k]),
          sim.clusterCount()[k]);
    }
    out.println("final positions:");
    double[][] f = sim.finalPositions();
    for (int i = 0; i < f.length; i++) {
      StringBuilder sb = new StringBuilder();
      for (double v : f[i]) {
        sb.append(String.format(Locale.ROOT, " %10.6f", v));
      }
      out.printf(Locale.ROOT, "  %3d%s%n", i, sb);
    }
    out.println("clusters: " + sim.finalClusters());
    if (sim.violations().isEmpty()) {
      out.println("invariants: all hold (hull never grew, leaders fixed, followers of fixed leaders at rate 1/(1+alpha))");
    } else {
      out.println("invariant violations:");
      sim.violations().forEach(v -> out.println("  " + v));
    }
  }

  private void writePlots(Simulation sim) throws IOException {
    Files.createDirectories(plots);
    int[] ks = {0, 1, 2, 5, sim.steps()};
    var snap = DynamicsPlots.snapshots(sim, alpha, ks);
    AtomicFiles.writeString(plots.resolve("snapshots.svg"), snap.toSvg());
    AtomicFiles.write(plots.resolve("snapshots.png"), o -> o.write(snap.toPng()));
    AtomicFiles.writeString(plots.resolve("trajectories.svg"), DynamicsPlots.animatedSvg(sim, alpha, 0.3));
  }

  /** Reads rows of comma-separated numbers; {@code cols} = expected count, or -1 for "same on every row". */
  static double[][] readCsv(Path file, int cols) throws IOException {
    if (!Files.exists(file)) {
      throw new CliException(file + ": no such file");
    }
    if (Files.isDirectory(file)) {
      throw new CliException(file + ": is a folder, expected a CSV file");
    }
    List<double[]> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    int width = cols;
    for (int ln = 0; ln < lines.size(); ln++) {
      String line = lines.get(ln).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s*[,;\\s]\\s*");
      if (width < 0) {
        width = parts.length;
      }
      if (parts.length != width) {
        throw new CliException(file + ", line " + (ln + 1) + ": expected " + width + " numbers, found " + parts.length);
      }
      double[] r = new double[width];
      for (int i = 0; i < width; i++) {
        try {
          r[i] = Double.parseDouble(parts[i]);
        } catch (NumberFormatException e) {
          throw new CliException(file + ", line " + (ln + 1) + ": expected a number, found '" + parts[i] + "'");
        }
      }
      rows.add(r);
    }
    if (rows.isEmpty()) {
      throw new CliException(file + ": empty, expected rows of comma-separated numbers");
    }
    if (cols > 0 && rows.size() != cols) {
      throw new CliException(file + ": expected a " + cols + " x " + cols + " matrix, found " + rows.size() + " rows");
    }
    return rows.toArray(new double[0][]);
  }
}
