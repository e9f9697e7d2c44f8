package io.hardmax.attention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hardmax.nlp.EncodedText;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The model part of classify on its own (docs/RESULTS.md, issue 14, third session): on 2,000 imdb:train reviews
 * (indices 12,500..14,499 of the cached imdb-reviews.json), encoded once, the forward pass and the explanation's
 * pass over the final configuration (Workspace.finalSets), in thread CPU time per review, and the keys the distance
 * kernel scores per row in each. Lives in the attention package to reach the package-private workspace. Run
 * against any built jar (same class path for both jars of a comparison):
 * <pre>
 *   javac -cp cli/target/hardmax.jar -d /tmp/probe docs/probe/ClassifyModelProbe.java
 *   java -XX:+UseSerialGC -cp JAR:/tmp/probe io.hardmax.attention.ClassifyModelProbe [rounds]
 * </pre>
 */
public final class ClassifyModelProbe {
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    SentimentModel m = SentimentModel.loadDefault();
    JsonNode all = new ObjectMapper().readTree(
        Path.of(System.getProperty("user.home"), ".cache/hardmax/imdb-reviews.json").toFile());
    List<EncodedText> enc = new ArrayList<>();
    for (int i = 12_500; i < 14_500; i++) { // imdb:train (see DatasetSpec)
      enc.add(m.encode(all.get(i).get("t").asText()));
    }
    Network net = m.network();
    Workspace ws = net.workspace();
    java.lang.reflect.Method finalSets = Workspace.class.getDeclaredMethod("finalSets", float[].class, int.class,
        Weights.class, float[][].class);
    finalSets.setAccessible(true);
    int depth = m.config().depth();
    int max = m.config().maxLength();
    ThreadMXBean t = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < rounds; r++) {
      long fwd = 0;
      long fin = 0;
      long rows = 0;
      long fwdKeys = 0;
      long finKeys = 0;
      for (EncodedText e : enc) {
        long k0 = ws.keysScored;
        long t0 = t.getCurrentThreadCpuTime();
        ws.forward(e.ids(), Math.min(e.length(), max), net.weights(), net.aMats(), true, depth, true);
        long t1 = t.getCurrentThreadCpuTime();
        long k1 = ws.keysScored;
        finalSets.invoke(ws, ws.z[depth], depth > 0 ? m.config().moduleOf(depth - 1) : 0, net.weights(), net.aMats());
        long t2 = t.getCurrentThreadCpuTime();
        fwd += t1 - t0;
        fin += t2 - t1;
        rows += ws.rows;
        fwdKeys += k1 - k0;
        finKeys += ws.keysScored - k1;
      }
      double n = enc.size();
      System.out.printf("round %d: forward %.3f ms, final sets %.3f ms per review (thread CPU); keys scored per row:"
          + " forward %.1f, final sets %.1f%n", r + 1, fwd / 1e6 / n, fin / 1e6 / n, fwdKeys / (double) rows,
          finKeys / (double) rows);
    }
  }
}
