package io.hardmax.cli;

import io.hardmax.core.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hardmax.eval.Experiment;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hardmax experiment NAME}: runs a registered, reproducible experiment. */
@Command(
    name = "experiment",
    mixinStandardHelpOptions = true,
    description = "Run a reproducible experiment (see --list); results go to stdout, progress to stderr.")
final class ExperimentCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "the experiment to run")
  String name;

  @Option(names = "--list", description = "list the experiments")
  boolean list;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "an experiment option (repeatable)")
  Map<String, String> options = new LinkedHashMap<>();

  @Option(names = "--seed", defaultValue = "20261122", description = "seed of every random choice (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--output", paramLabel = "FILE", description = "also write the JSON result here (atomically)")
  Path output;

  @Option(names = "--debug", description = "print stack traces of errors")
  boolean debug;

  static Map<String, Experiment> registry() {
    Map<String, Experiment> m = new TreeMap<>();
    for (Experiment e : ServiceLoader.load(Experiment.class)) {
      m.put(e.name(), e);
    }
    return m;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Map<String, Experiment> all = registry();
    if (list || name == null) {
      if (all.isEmpty()) {
        out.println("no experiments are registered");
      }
      all.values().forEach(e -> out.printf("%-22s %s%n", e.name(), e.description()));
      out.flush();
      if (name == null && !list) {
        throw new CliException("missing experiment NAME; one of " + List.copyOf(all.keySet()));
      }
      return Main.OK;
    }
    if (!format.equals("text") && !format.equals("json")) {
      throw new CliException("--format must be text or json, was '" + format + "'");
    }
    Experiment e = all.get(name);
    if (e == null) {
      throw new CliException("unknown experiment '" + name + "'; one of " + List.copyOf(all.keySet()));
    }
    // a bad option is a UserException from the experiment (exit 2); anything else is a bug (exit 1)
    @SuppressWarnings("resource") // stderr stays open
    PrintStream log = System.err;
    ObjectNode result = e.run(Map.copyOf(options), seed, log);
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    String json = mapper.writeValueAsString(result);
    if (output != null) {
      AtomicFiles.writeString(output, json + "\n");
    }
    out.println(format.equals("json") ? json : e.toText(result));
    out.flush();
    return Main.OK;
  }
}
