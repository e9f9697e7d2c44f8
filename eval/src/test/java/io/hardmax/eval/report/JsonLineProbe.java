package io.hardmax.eval.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hardmax.attention.Explanation;
import io.hardmax.attention.SentimentModel;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Steady-state cost of the jsonl lines of {@code classify}: the Jackson generator path ({@link ExplanationJson#write}
 * through a UTF-8 writer, as classify wrote jsonl before) against the direct writer
 * ({@link ExplanationJson#writeLine}), on the bundled model's explanations of the first 2,000 reviews of the IMDb
 * array (needs ~/.cache/hardmax/imdb-reviews.json: {@code hardmax data fetch imdb}). Not a test; compiled with the
 * tests so that it cannot rot (Jackson's byte count includes the space it writes between root values). Run:
 * <pre>
 *   mvn -B -q -o -pl eval -am test-compile
 *   java -XX:+UseSerialGC -cp cli/target/hardmax.jar:eval/target/test-classes io.hardmax.eval.report.JsonLineProbe
 * </pre>
 */
public final class JsonLineProbe {
  private JsonLineProbe() {}

  public static void main(String[] args) throws IOException {
    SentimentModel m = SentimentModel.loadDefault();
    JsonNode all = new ObjectMapper().readTree(
        Path.of(System.getProperty("user.home"), ".cache", "hardmax", "imdb-reviews.json").toFile());
    List<Explanation> es = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      es.add(m.explain(m.encode(all.get(i).get("t").asText()), false));
    }
    JsonFactory f = ExplanationJson.newFactory();
    JsonBytes direct = new JsonBytes(1 << 22);
    for (int round = 0; round < 6; round++) {
      long t0 = System.nanoTime();
      long jacksonBytes = 0;
      for (int s = 0; s < es.size(); s += 64) {
        ByteArrayBuilder b = new ByteArrayBuilder(64 * 8192);
        try (JsonGenerator g = f.createGenerator(new OutputStreamWriter(b, StandardCharsets.UTF_8))) {
          for (int i = s; i < Math.min(es.size(), s + 64); i++) {
            ExplanationJson.write(g, "imdb/" + i, 1, es.get(i), ExplanationJson.Detail.TOKENS);
          }
        }
        jacksonBytes += b.toByteArray().length;
      }
      long t1 = System.nanoTime();
      long directBytes = 0;
      for (int s = 0; s < es.size(); s += 64) {
        direct.clear();
        for (int i = s; i < Math.min(es.size(), s + 64); i++) {
          ExplanationJson.writeLine(direct, "imdb/" + i, 1, es.get(i));
        }
        directBytes += direct.toByteArray().length;
      }
      long t2 = System.nanoTime();
      System.out.printf("round %d (ms per review): jackson %.3f, direct %.3f (%d and %d bytes)%n", round,
          (t1 - t0) / 1e6 / es.size(), (t2 - t1) / 1e6 / es.size(), jacksonBytes, directBytes);
    }
  }
}
