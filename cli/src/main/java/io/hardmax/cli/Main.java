package io.hardmax.cli;

import java.io.PrintWriter;
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
      ClassifyCommand.class,
      DataCommand.class,
      ExplainCommand.class,
      EvaluateCommand.class,
      AnalyzeCommand.class,
      TrainCommand.class,
      BenchCommand.class,
      DynamicsCommand.class,
      ExperimentCommand.class,
      SparkCommand.class,
    })
public final class Main implements Runnable {

  /** Exit code for success. */
  public static final int OK = 0;
  /** Exit code for a failure that is not the user's fault. */
  public static final int FAILURE = 1;
  /** Exit code for bad usage or bad input. */
  public static final int BAD_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: see 'hardmax --help'");
  }

  /** Builds the configured command line (also used by tests). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(Main::handleExecutionException);
    cl.setParameterExceptionHandler(Main::handleParameterException);
    cl.setExitCodeExceptionMapper(t -> UserErrors.message(t) != null ? BAD_INPUT : FAILURE);
    cl.setUnmatchedArgumentsAllowed(false);
    // 'hardmax spark ...' is run by the launcher with the spark module's jar; here SparkCommand only says so
    cl.getSubcommands().get("spark").setUnmatchedArgumentsAllowed(true);
    CommandLine gen = cl.getSubcommands().get("generate-completion");
    if (gen != null) {
      gen.getCommandSpec().usageMessage().hidden(false);
    }
    return cl;
  }

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    System.exit(code);
  }

  private static boolean debug(String[] args) {
    for (String a : args) {
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
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return BAD_INPUT;
  }

  private static int handleExecutionException(
      Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    boolean debug = debug(parseResult.originalArgs().toArray(new String[0]));
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
