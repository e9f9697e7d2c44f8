package io.hardmax.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.AutoComplete.GenerateCompletion;

/**
 * The {@code hardmax} command. Only this class turns exceptions into exit codes: 0 success, 1 failure,
 * 2 bad usage or bad input. User errors print one line on stderr; {@code --debug} adds the stack trace.
 */
@Command(
    name = "hardmax",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Interpretable sentiment analysis with hardmax transformers.",
    subcommands = {
      CommandLine.HelpCommand.class,
      GenerateCompletion.class,
    })
public final class Main implements Runnable {

  /**
   * The subcommands, in help order. Built on demand: picocli reflects over every command class it is given (which
   * loads the classes their fields and methods name), so a run builds only the command it runs.
   */
  private static final Map<String, Supplier<Object>> COMMANDS = commands();

  private static Map<String, Supplier<Object>> commands() {
    Map<String, Supplier<Object>> m = new LinkedHashMap<>();
    m.put("classify", ClassifyCommand::new);
    m.put("data", DataCommand::new);
    m.put("explain", ExplainCommand::new);
    m.put("serve", ServeCommand::new);
    m.put("evaluate", EvaluateCommand::new);
    m.put("analyze", AnalyzeCommand::new);
    m.put("train", TrainCommand::new);
    m.put("bench", BenchCommand::new);
    m.put("dynamics", DynamicsCommand::new);
    m.put("experiment", ExperimentCommand::new);
    m.put("spark", SparkCommand::new);
    return m;
  }

  /** Exit code for success. */
  public static final int OK = 0;
  /** Exit code for a failure that is not the user's fault. */
  public static final int FAILURE = 1;
  /** Exit code for bad usage or bad input. */
  public static final int BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin SharedOptions shared;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: see 'hardmax --help'");
  }

  /** Builds the configured command line with every subcommand (also used by tests). */
  public static CommandLine commandLine() {
    return commandLine((String) null);
  }

  /**
   * The command line for these arguments: when the first one names a subcommand, only that subcommand is built
   * (start-up time); otherwise all of them (help, version, usage errors that list the commands).
   */
  static CommandLine commandLine(String[] args) {
    return commandLine(args.length > 0 && COMMANDS.containsKey(args[0]) ? args[0] : null);
  }

  private static CommandLine commandLine(String only) {
    CommandLine cl = new CommandLine(new Main());
    for (Map.Entry<String, Supplier<Object>> e : COMMANDS.entrySet()) {
      if (only == null || only.equals(e.getKey())) {
        cl.addSubcommand(e.getKey(), e.getValue().get());
      }
    }
    cl.setExecutionExceptionHandler(Main::handleExecutionException);
    cl.setParameterExceptionHandler(Main::handleParameterException);
    cl.setExitCodeExceptionMapper(t -> UserErrors.message(t) != null ? BAD_INPUT : FAILURE);
    cl.setUnmatchedArgumentsAllowed(false);
    // 'hardmax spark ...' is run by the launcher with the spark module's jar; here SparkCommand only says so
    CommandLine spark = cl.getSubcommands().get("spark");
    if (spark != null) { // built only when it is the command run, or for help
      spark.setUnmatchedArgumentsAllowed(true);
    }
    CommandLine gen = cl.getSubcommands().get("generate-completion");
    if (gen != null) {
      gen.getCommandSpec().usageMessage().hidden(false);
    }
    return cl;
  }

  public static void main(String[] args) {
    CommandLine cl = commandLine(args);
    cl.setOut(new StdoutWriter(System.out));
    int code = cl.execute(args);
    System.exit(code);
  }

  /** Whether {@code --debug} was given to the command that ran or to one of its parents. */
  private static boolean debug(CommandLine.ParseResult pr) {
    for (CommandLine.ParseResult p = pr; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code --debug} is among the options of arguments that did not parse (there is no parse result then):
   * an argument equal to it before the end-of-options marker {@code --}.
   */
  private static boolean debug(String[] args) {
    for (String a : args) {
      if ("--".equals(a)) {
        return false;
      }
      if ("--debug".equals(a)) {
        return true;
      }
    }
    return false;
  }

  private static int handleParameterException(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("hardmax: " + ex.getMessage());
    if (debug(args)) {
      ex.printStackTrace(err);
    }
    if (!String.valueOf(ex.getMessage()).startsWith("Invalid value for option")) {
      // a bad value's message already names the option and the values it takes: one line is enough
      err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
    }
    err.flush();
    return BAD_INPUT;
  }

  private static int handleExecutionException(
      Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    boolean debug = debug(parseResult);
    String user = UserErrors.message(ex);
    if (user != null) {
      err.println("hardmax: " + user);
      if (debug) {
        ex.printStackTrace(err);
      }
      err.flush();
      return BAD_INPUT;
    }
    err.println("hardmax: internal error: " + ex + (debug ? "" : " (run with --debug for details)"));
    if (debug) {
      ex.printStackTrace(err);
    }
    err.flush();
    return FAILURE;
  }
}
