package io.hardmax.nlp.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hardmax.nlp.Encoder;
import io.hardmax.nlp.Tokenizer;
import io.hardmax.nlp.TokenizerSettings;
import io.hardmax.nlp.Tokenizers;
import io.hardmax.nlp.Truncation;
import io.hardmax.nlp.Vocabulary;
import io.hardmax.nlp.VocabularyBuilder;
import io.hardmax.nlp.VocabularySettings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Ad-hoc single-thread throughput of the tokenizers on IMDb reviews (not a unit test; the CLI's
 * {@code hardmax bench tokenize} is the official benchmark). Usage:
 * {@code java -cp ... io.hardmax.nlp.bench.TokenizeBench /tmp/imdb/package/reviews.json [reviews] [rounds]}.
 * Reads the training split only (indices [12500, 25000) and [37500, 50000)).
 */
public final class TokenizeBench {
  /** Thread CPU time: on a shared machine wall-clock throughput understates the one-core speed. */
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private TokenizeBench() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args.length > 0 ? args[0] : "/tmp/imdb/package/reviews.json");
    int limit = args.length > 1 ? Integer.parseInt(args[1]) : 25_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    List<String> texts = readTrain(file, limit);
    long chars = texts.stream().mapToLong(String::length).sum();
    System.out.printf(Locale.ROOT, "%d training reviews, %.1f M chars%n", texts.size(), chars / 1e6);
    List<TokenizerSettings> all = List.of(
        TokenizerSettings.builder().kind(TokenizerSettings.Kind.LUCENE).build(),
        TokenizerSettings.builder().kind(TokenizerSettings.Kind.LUCENE).stripHtml(false).build(),
        TokenizerSettings.builder().kind(TokenizerSettings.Kind.LUCENE)
            .stopList(TokenizerSettings.StopList.FULL).stem(true).build(),
        TokenizerSettings.defaults(),
        TokenizerSettings.builder().lowercase(false).stripHtml(false).build(),
        TokenizerSettings.builder().markNegation(true).stopList(TokenizerSettings.StopList.FULL)
            .stem(true).build(),
        TokenizerSettings.paper());
    boolean onlyEncode = args.length > 3 && args[3].equals("encode");
    for (TokenizerSettings s : onlyEncode ? List.<TokenizerSettings>of() : all) {
      Tokenizer t = Tokenizers.create(s);
      long tokens = 0;
      double best = 0;
      double bestCpu = 0;
      for (int r = 0; r < rounds + 1; r++) {
        long t0 = System.nanoTime();
        long c0 = CPU.getCurrentThreadCpuTime();
        tokens = 0;
        for (String text : texts) {
          tokens += t.tokenize(text).size();
        }
        double sec = (System.nanoTime() - t0) / 1e9;
        double cpuSec = (CPU.getCurrentThreadCpuTime() - c0) / 1e9;
        if (r > 0) { // round 0 warms up
          best = Math.max(best, tokens / sec);
          bestCpu = Math.max(bestCpu, tokens / cpuSec);
        }
      }
      System.out.printf(Locale.ROOT, "%-150s %9d tokens  best %.2f M tokens/s wall, %.2f M tokens/s per CPU second%n",
          s, tokens, best / 1e6, bestCpu / 1e6);
    }
    encode(texts, rounds);
  }

  /** Vocabulary building and encoding (max length 128, head + tail) with the default tokenizer. */
  static void encode(List<String> texts, int rounds) {
    Tokenizer t = Tokenizers.createDefault();
    long t0 = System.nanoTime();
    VocabularyBuilder b = new VocabularyBuilder(VocabularySettings.builder().minCount(2).bigrams(20, 20_000).build());
    for (String text : texts) {
      b.add(t.tokenize(text));
    }
    Vocabulary v = b.build();
    System.out.printf(Locale.ROOT, "vocabulary: %d entries (%d bigrams) from %d texts in %.1f s%n", v.size(),
        v.bigramCount(), texts.size(), (System.nanoTime() - t0) / 1e9);
    Encoder e = new Encoder(t, v, 128, Truncation.HEAD_TAIL);
    for (int r = 0; r < rounds + 1; r++) {
      long s0 = System.nanoTime();
      long positions = 0;
      for (String text : texts) {
        positions += e.encode(text).fullLength();
      }
      double sec = (System.nanoTime() - s0) / 1e9;
      System.out.printf(Locale.ROOT, "encode round %d: %.0f texts/s, %.2f M positions/s%n", r, texts.size() / sec,
          positions / sec / 1e6);
    }
  }

  static List<String> readTrain(Path file, int limit) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> out = new ArrayList<>();
    try (JsonParser p = json.createParser(Files.newInputStream(file))) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IOException(file + ": expected a JSON array");
      }
      int i = 0;
      while (p.nextToken() == JsonToken.START_OBJECT && out.size() < limit) {
        JsonNode n = json.readTree(p);
        boolean train = (i >= 12_500 && i < 25_000) || (i >= 37_500 && i < 50_000);
        if (train) {
          out.add(n.get("t").asText());
        }
        i++;
      }
    }
    return out;
  }
}
