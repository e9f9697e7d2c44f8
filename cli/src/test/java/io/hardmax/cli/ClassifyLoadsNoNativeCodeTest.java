package io.hardmax.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The classify path loads no ND4J, no native code, no server and no Spark: the hardmax model lives in {@code attention}, which has no
 * ND4J dependency (the build's enforcer bans it there), and nothing on that path reaches {@code spectral} or
 * {@code em}. Checked in a fresh JVM with {@code -verbose:class}, which lists every class the run loads.
 */
class ClassifyLoadsNoNativeCodeTest {
  @TempDir Path dir;

  @Test
  void classifyAndExplainLoadNoNd4jOrJavaCppClass() throws Exception {
    Path model = dir.resolve("toy.hmx");
    try (InputStream in = getClass().getResourceAsStream("/fixtures/model-v1.hmx")) {
      Files.copy(in, model, StandardCopyOption.REPLACE_EXISTING);
    }
    Path review = dir.resolve("a.txt");
    Files.writeString(review, "the movie was great and the plot superb");
    for (List<String> args : List.of(List.of("classify", "--format", "jsonl"), List.of("explain", "--no-color"))) {
      String java = ProcessHandle.current().info().command().orElse("java");
      List<String> cmd = new java.util.ArrayList<>(List.of(java, "-verbose:class", "-cp",
          System.getProperty("java.class.path"), Main.class.getName()));
      cmd.addAll(args);
      cmd.addAll(List.of("--model", model.toString(), review.toString()));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      List<String> loaded = out.lines().filter(l -> l.startsWith("[") && l.contains("class,load")).toList();
      assertThat(loaded).as("-verbose:class output").anyMatch(l -> l.contains("io.hardmax.attention.SentimentModel"));
      // nor the server (Javalin, Jetty) nor Spark: only `hardmax serve` and `hardmax spark` need them
      assertThat(loaded).noneMatch(l -> l.contains(" org.nd4j.") || l.contains(" org.bytedeco.")
          || l.contains(" io.hardmax.spectral.") || l.contains(" io.hardmax.em.") || l.contains(" io.hardmax.serve.")
          || l.contains(" io.javalin.") || l.contains(" org.eclipse.jetty.") || l.contains(" org.apache.spark."));
    }
  }
}
