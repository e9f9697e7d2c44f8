package io.hardmax.attention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hardmax.nlp.EncodedText;
import io.hardmax.nlp.Tokenizer;
import io.hardmax.nlp.Tokenizers;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where classify's CPU goes per review, part by part, in thread CPU time (docs/RESULTS.md, issue 14, third and fourth
 * sessions): on 2,000 imdb:train reviews (indices 12,500..14,499 of the cached imdb-reviews.json) with the bundled
 * model, one thread: tokenizing alone, encoding (tokenizing + vocabulary lookups), the forward pass, the explanation's
 * pass over the final configuration (Workspace.finalSets), the whole explanation without trajectory (forward pass,
 * trace and explainer), and the keys the distance kernel scores per row. Not a unit test: a main-method probe that
 * lives in the attention package to reach the package-private workspace, compiled with the test sources so it
 * cannot rot. Run it against any built jar (the jar first on the class path, so its model classes are the ones
 * measured; the probe uses only members older jars have too):
 * <pre>
 *   mvn -B -q -o -pl attention -am test-compile
 *   java -XX:+UseSerialGC -cp JAR:attention/target/test-classes io.hardmax.attention.ClassifyModelProbe [rounds]
 * </pre>
 * Prints one line per round; the first rounds include the JIT's warm-up.
 */
final class ClassifyModelProbe {
  private ClassifyModelProbe() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    Path cache = Path.of(System.getProperty("user.home"), ".cache/hardmax/imdb-reviews.json");
    if (!Files.exists(cache)) {
      System.err.println("needs " + cache + " (run hardmax classify imdb:test once to fetch it)");
      System.exit(2);
    }
    SentimentModel m = SentimentModel.loadDefault();
    JsonNode all = new ObjectMapper().readTree(cache.toFile());
    List<String> texts = new ArrayList<>();
    for (int i = 12_500; i < 14_500; i++) { // imdb:train (see DatasetSpec)
      texts.add(all.get(i).get("t").asText());
    }
    Tokenizer tok = Tokenizers.create(m.tokenizerSettings());
    List<EncodedText> enc = new ArrayList<>();
    for (String t : texts) {
      enc.add(m.encode(t));
    }
    Network net = m.network();
    Workspace ws = net.workspace();
    Method finalSets = Workspace.class.getDeclaredMethod("finalSets", float[].class, int.class, Weights.class,
        float[][].class);
    finalSets.setAccessible(true);
    int depth = m.config().depth();
    int max = m.config().maxLength();
    ThreadMXBean t = ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int r = 0; r < rounds; r++) {
      long tokenize = 0;
      long encode = 0;
      long fwd = 0;
      long fin = 0;
      long explain = 0;
      long rows = 0;
      long fwdKeys = 0;
      long finKeys = 0;
      for (int i = 0; i < texts.size(); i++) {
        String text = texts.get(i);
        EncodedText e = enc.get(i);
        long t0 = t.getCurrentThreadCpuTime();
        sink += tok.tokenize(text).size();
        long t1 = t.getCurrentThreadCpuTime();
        sink += m.encode(text).length();
        long t2 = t.getCurrentThreadCpuTime();
        long k0 = ws.keysScored;
        ws.forward(e.ids(), Math.min(e.length(), max), net.weights(), net.aMats(), true, depth, true);
        long t3 = t.getCurrentThreadCpuTime();
        long k1 = ws.keysScored;
        finalSets.invoke(ws, ws.z[depth], depth > 0 ? m.config().moduleOf(depth - 1) : 0, net.weights(),
            net.aMats());
        long t4 = t.getCurrentThreadCpuTime();
        rows += ws.rows;
        fwdKeys += k1 - k0;
        finKeys += ws.keysScored - k1;
        sink += m.explain(e, false).clusters().size();
        long t5 = t.getCurrentThreadCpuTime();
        tokenize += t1 - t0;
        encode += t2 - t1;
        fwd += t3 - t2;
        fin += t4 - t3;
        explain += t5 - t4;
      }
      double n = texts.size();
      System.out.printf("round %d (ms per review, thread CPU): tokenize %.3f, encode %.3f (vocabulary %.3f), forward"
          + " %.3f, final sets %.3f, explain %.3f (trace and explainer %.3f); keys scored per row: forward %.1f,"
          + " final sets %.1f%n", r + 1, tokenize / 1e6 / n, encode / 1e6 / n, (encode - tokenize) / 1e6 / n,
          fwd / 1e6 / n, fin / 1e6 / n, explain / 1e6 / n, (explain - fwd - fin) / 1e6 / n,
          fwdKeys / (double) rows, finKeys / (double) rows);
    }
    if (sink == 42) {
      System.out.println();
    }
  }
}
