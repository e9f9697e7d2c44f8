package io.hardmax.nlp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Counts token texts of training texts and builds a {@link Vocabulary}.
 *
 * <p>Feed it the tokens of the <em>training</em> texts only, never validation or test texts: the vocabulary
 * decides which words a model can see, so building it on test data leaks. Streaming: call {@link #add} once per
 * text, in any number of calls; memory grows with the number of distinct tokens, not with the data. Not
 * thread-safe; count in several builders and {@link #merge} them for parallel counting.
 *
 * <p>Order of ids: PAD (0), UNK (1), then the tokens with {@code count >= minCount} in descending count, ties
 * by {@link String#compareTo}, cut to {@code maxSize}; then, when enabled, the bigrams (adjacent tokens of one
 * text, in the list given to {@code add}, joined by '_') with {@code count >= bigramMinCount} in the same
 * order, cut to {@code bigramMaxSize}; then, when enabled, the trigrams (three adjacent tokens joined by '_') with
 * {@code count >= trigramMinCount}, cut to {@code trigramMaxSize}. A bigram whose text equals a token entry is
 * left out (the token entry wins), and so is a trigram whose text equals a token or bigram entry. Token texts
 * equal to {@code <pad>} or {@code <unk>} are not counted, and no n-gram spans them.
 */
public final class VocabularyBuilder {
  private static final Comparator<Map.Entry<String, long[]>> ORDER =
      Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
          .thenComparing(Map.Entry::getKey);

  private final VocabularySettings settings;
  private final Map<String, long[]> unigrams = new HashMap<>();
  private final Map<String, long[]> bigrams = new HashMap<>();
  private final Map<String, long[]> trigrams = new HashMap<>();
  private long texts;
  private long tokens;

  public VocabularyBuilder(VocabularySettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public VocabularySettings settings() {
    return settings;
  }

  /** Counts the tokens of one training text. */
  public VocabularyBuilder add(List<Token> textTokens) {
    Objects.requireNonNull(textTokens, "textTokens");
    texts++;
    String previous = null;
    String beforePrevious = null;
    for (Token t : textTokens) {
      String s = t.text();
      if (isSpecial(s)) {
        previous = null;
        beforePrevious = null;
        continue;
      }
      tokens++;
      unigrams.computeIfAbsent(s, k -> new long[1])[0]++;
      if (settings.bigrams() && previous != null) {
        bigrams.computeIfAbsent(Vocabulary.bigram(previous, s), k -> new long[1])[0]++;
      }
      if (settings.trigrams() && beforePrevious != null) {
        trigrams.computeIfAbsent(Vocabulary.trigram(beforePrevious, previous, s), k -> new long[1])[0]++;
      }
      beforePrevious = previous;
      previous = s;
    }
    return this;
  }

  /** Adds the counts of another builder with the same settings (for counting in parallel). */
  public VocabularyBuilder merge(VocabularyBuilder other) {
    if (!other.settings.equals(settings)) {
      throw new NlpException("cannot merge vocabulary builders with different settings: " + settings
          + " vs " + other.settings);
    }
    other.unigrams.forEach((k, v) -> unigrams.computeIfAbsent(k, x -> new long[1])[0] += v[0]);
    other.bigrams.forEach((k, v) -> bigrams.computeIfAbsent(k, x -> new long[1])[0] += v[0]);
    other.trigrams.forEach((k, v) -> trigrams.computeIfAbsent(k, x -> new long[1])[0] += v[0]);
    texts += other.texts;
    tokens += other.tokens;
    return this;
  }

  /** Number of texts added. */
  public long texts() {
    return texts;
  }

  /** Number of tokens counted. */
  public long tokens() {
    return tokens;
  }

  /** Occurrences of a token text so far. */
  public long count(String token) {
    long[] c = unigrams.get(token);
    return c == null ? 0 : c[0];
  }

  /** Occurrences of a bigram so far (0 when bigrams are off). */
  public long bigramCount(String first, String second) {
    long[] c = bigrams.get(Vocabulary.bigram(first, second));
    return c == null ? 0 : c[0];
  }

  /** Occurrences of a trigram so far (0 when trigrams are off). */
  public long trigramCount(String first, String second, String third) {
    long[] c = trigrams.get(Vocabulary.trigram(first, second, third));
    return c == null ? 0 : c[0];
  }

  /** The vocabulary of the counts so far; the builder stays usable. */
  public Vocabulary build() {
    List<String> entries = new ArrayList<>();
    entries.add(Vocabulary.PAD_TOKEN);
    entries.add(Vocabulary.UNK_TOKEN);
    List<String> words = select(unigrams, settings.minCount(), settings.maxSize(), null);
    entries.addAll(words);
    int bigramStart = entries.size();
    Set<String> taken = new HashSet<>(words);
    if (settings.bigrams() && settings.bigramMaxSize() > 0) {
      List<String> bi = select(bigrams, settings.bigramMinCount(), settings.bigramMaxSize(), taken);
      entries.addAll(bi);
      taken.addAll(bi);
    }
    int trigramStart = entries.size();
    if (settings.trigrams() && settings.trigramMaxSize() > 0) {
      entries.addAll(select(trigrams, settings.trigramMinCount(), settings.trigramMaxSize(), taken));
    }
    return new Vocabulary(entries, bigramStart, trigramStart);
  }

  private static List<String> select(Map<String, long[]> counts, int minCount, int maxSize,
      Set<String> exclude) {
    List<Map.Entry<String, long[]>> kept = new ArrayList<>();
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      if (e.getValue()[0] >= minCount && (exclude == null || !exclude.contains(e.getKey()))) {
        kept.add(e);
      }
    }
    kept.sort(ORDER);
    int n = Math.min(maxSize, kept.size());
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(kept.get(i).getKey());
    }
    return out;
  }

  private static boolean isSpecial(String s) {
    return s.equals(Vocabulary.PAD_TOKEN) || s.equals(Vocabulary.UNK_TOKEN);
  }
}
