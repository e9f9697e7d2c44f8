package io.hardmax.cli;

import io.hardmax.attention.SentimentModel;
import io.hardmax.serve.HardmaxServer;
import io.hardmax.serve.ServeConfig;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hardmax serve}: the model behind a local HTTP server with a JSON API and an interactive explanation page;
 * runs until SIGTERM or Ctrl-C, then lets requests in flight finish.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Serve the model over HTTP: POST /v1/classify and /v1/explain ({\"texts\": [...]}), GET /v1/model,",
      "GET /healthz, and an interactive explanation page at /. Binds to 127.0.0.1 unless --host says otherwise.",
      "Stops cleanly on SIGTERM or Ctrl-C: requests in flight finish, new ones are refused."})
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ModelOptions mo;

  @Option(names = "--port", defaultValue = "8080", paramLabel = "N", description = "TCP port, 0 for any free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--host", defaultValue = ServeConfig.LOOPBACK, paramLabel = "ADDRESS",
      description = "address to bind; anything but loopback lets other machines use the server (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--queue", defaultValue = "64", paramLabel = "N",
      description = "requests that may wait for a worker; more are answered 503 (default: ${DEFAULT-VALUE})")
  int queue;

  @Option(names = "--max-body-bytes", defaultValue = "1000000", paramLabel = "N",
      description = "largest request body, else 413 (default: ${DEFAULT-VALUE})")
  long maxBodyBytes;

  @Option(names = "--max-texts", defaultValue = "1000", paramLabel = "N",
      description = "most texts per request, else 413 (default: ${DEFAULT-VALUE})")
  int maxTexts;

  @Option(names = "--max-text-chars", defaultValue = "1000000", paramLabel = "N",
      description = "longest text, else 413; as classify's --max-review-chars (default: ${DEFAULT-VALUE})")
  int maxTextChars;

  @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
      description = "longest a request may wait and run, else 503 (default: ${DEFAULT-VALUE})")
  double timeoutSeconds;

  @Option(names = "--shutdown-grace", defaultValue = "30", paramLabel = "SECONDS",
      description = "how long a stop waits for requests in flight (default: ${DEFAULT-VALUE})")
  double graceSeconds;

  @Override
  public Integer call() throws Exception {
    ServeConfig cfg;
    try {
      cfg = new ServeConfig(host, port, mo.threads(), queue, maxBodyBytes, maxTexts, maxTextChars,
          duration("--timeout", timeoutSeconds), duration("--shutdown-grace", graceSeconds));
    } catch (IllegalArgumentException e) {
      throw new CliException("serve: " + e.getMessage());
    }
    long t0 = System.nanoTime();
    SentimentModel model = mo.load();
    HardmaxServer server;
    try {
      server = HardmaxServer.start(model, cfg);
    } catch (IllegalStateException e) {
      throw new CliException(e.getMessage());
    }
    Thread hook = new Thread(server::stop, "hardmax-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    PrintWriter err = spec.commandLine().getErr();
    err.printf(Locale.ROOT, "hardmax: serving %s on %s (%d workers, queue %d; started in %.1f s); SIGTERM or Ctrl-C stops%n",
        mo.model == null ? "the bundled model" : mo.model, server.url(), cfg.threads(), cfg.queue(),
        (System.nanoTime() - t0) / 1e9);
    if (!loopback(host)) {
      err.println("hardmax: warning: --host " + host + " is not a loopback address; anyone who can reach it can use the server");
    }
    err.flush();
    server.awaitStop();
    return Main.OK;
  }

  private static Duration duration(String flag, double seconds) {
    if (!(seconds > 0) || seconds > 86_400) {
      throw new CliException(flag + " must be between 0 and 86400 seconds (exclusive of 0), was " + seconds);
    }
    return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
  }

  private static boolean loopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
