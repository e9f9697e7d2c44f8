package io.hardmax.nlp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable token → id map. Id {@link #PAD} is padding, id {@link #UNK} stands for every token not in the
 * vocabulary; real entries follow in a deterministic order (descending count, then lexicographic).
 * Build it from training data only ({@link VocabularyBuilder}); never from a test split.
 *
 * <p>Optional bigram entries ("not_good": two adjacent token texts joined by {@link #BIGRAM_SEPARATOR}) form a
 * block after the unigrams, ids {@code [bigramStart(), trigramStart())}; optional trigram entries ("not_very_good":
 * three adjacent token texts joined the same way) form the last block, ids {@code [trigramStart(), size())}. The
 * {@link Encoder} inserts both. Saved and loaded by {@link VocabularyIO}.
 */
public final class Vocabulary {
  public static final int PAD = 0;
  public static final int UNK = 1;
  public static final String PAD_TOKEN = "<pad>";
  public static final String UNK_TOKEN = "<unk>";
  /** Joins the token texts of a bigram or trigram entry. */
  public static final char BIGRAM_SEPARATOR = '_';

  private final List<String> tokens; // id -> token
  private final Map<String, Integer> ids;
  private final int bigramStart; // ids in [bigramStart, trigramStart) are bigram entries
  private final int trigramStart; // ids >= trigramStart are trigram entries
  private final PairTable bigramPairs; // (id of first, id of second) -> bigram id, for texts that are entries

  /**
   * A vocabulary without bigram entries.
   *
   * @param tokens all entries in id order; entry 0 must be {@link #PAD_TOKEN} and entry 1 {@link #UNK_TOKEN}
   */
  public Vocabulary(List<String> tokens) {
    this(tokens, Objects.requireNonNull(tokens, "tokens").size());
  }

  /**
   * A vocabulary whose entries from id {@code bigramStart} on are bigrams.
   *
   * @param tokens      all entries in id order; entry 0 must be {@link #PAD_TOKEN} and entry 1 {@link #UNK_TOKEN}
   * @param bigramStart first bigram id, in {@code [2, tokens.size()]}; {@code tokens.size()} means no bigrams
   */
  public Vocabulary(List<String> tokens, int bigramStart) {
    this(tokens, bigramStart, Objects.requireNonNull(tokens, "tokens").size());
  }

  /**
   * A vocabulary whose entries from id {@code bigramStart} on are bigrams and from {@code trigramStart} on
   * trigrams.
   *
   * @param tokens       all entries in id order; entry 0 must be {@link #PAD_TOKEN} and entry 1 {@link #UNK_TOKEN}
   * @param bigramStart  first bigram id, in {@code [2, trigramStart]}; equal to {@code trigramStart}: no bigrams
   * @param trigramStart first trigram id, in {@code [bigramStart, tokens.size()]}; {@code tokens.size()}: no
   *                     trigrams
   */
  public Vocabulary(List<String> tokens, int bigramStart, int trigramStart) {
    Objects.requireNonNull(tokens, "tokens");
    if (bigramStart < 2 || bigramStart > tokens.size()) {
      throw new IllegalArgumentException(
          "bigramStart must be in [2, " + tokens.size() + "], found " + bigramStart);
    }
    if (trigramStart < bigramStart || trigramStart > tokens.size()) {
      throw new IllegalArgumentException(
          "trigramStart must be in [" + bigramStart + ", " + tokens.size() + "], found " + trigramStart);
    }
    this.bigramStart = bigramStart;
    this.trigramStart = trigramStart;
    if (tokens.size() < 2 || !PAD_TOKEN.equals(tokens.get(PAD)) || !UNK_TOKEN.equals(tokens.get(UNK))) {
      throw new IllegalArgumentException("vocabulary must start with " + PAD_TOKEN + ", " + UNK_TOKEN);
    }
    this.tokens = Collections.unmodifiableList(new ArrayList<>(tokens));
    this.ids = new HashMap<>(tokens.size() * 2);
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i) == null || tokens.get(i).isEmpty()) {
        throw new IllegalArgumentException("vocabulary entry " + i + " is " + (tokens.get(i) == null
            ? "null" : "empty") + "; expected a non-empty token");
      }
      if (ids.putIfAbsent(tokens.get(i), i) != null) {
        throw new IllegalArgumentException("duplicate vocabulary entry '" + tokens.get(i) + "' at id " + i);
      }
    }
    // every way to read a bigram entry as (entry, separator, entry): the pair of ids then names the entry without
    // joining strings (a text with its own id is that entry's text, so the joined text is the entry's)
    this.bigramPairs = new PairTable(trigramStart - bigramStart);
    for (int id = bigramStart; id < trigramStart; id++) {
      String t = this.tokens.get(id);
      for (int k = t.indexOf(BIGRAM_SEPARATOR); k >= 0; k = t.indexOf(BIGRAM_SEPARATOR, k + 1)) {
        Integer a = ids.get(t.substring(0, k));
        Integer b = ids.get(t.substring(k + 1));
        if (a != null && b != null && a != UNK && b != UNK) {
          bigramPairs.put(a, b, id);
        }
      }
    }
  }

  /** Number of ids, including PAD and UNK. */
  public int size() {
    return tokens.size();
  }

  /** The id of a token, {@link #UNK} when absent. */
  public int id(String token) {
    Integer id = ids.get(token);
    return id == null ? UNK : id;
  }

  /** Whether the token has its own id. */
  public boolean contains(String token) {
    return ids.containsKey(token);
  }

  /** Number of unigram ids, including PAD and UNK: ids {@code [0, bigramStart())}. */
  public int bigramStart() {
    return bigramStart;
  }

  /** Number of bigram entries. */
  public int bigramCount() {
    return trigramStart - bigramStart;
  }

  /** Whether the vocabulary holds bigram entries. */
  public boolean hasBigrams() {
    return bigramStart < trigramStart;
  }

  /** Whether an id is a bigram entry. */
  public boolean isBigram(int id) {
    return id >= bigramStart && id < trigramStart;
  }

  /** First trigram id: ids {@code [trigramStart(), size())} are trigrams ({@code size()} when there are none). */
  public int trigramStart() {
    return trigramStart;
  }

  /** Number of trigram entries. */
  public int trigramCount() {
    return tokens.size() - trigramStart;
  }

  /** Whether the vocabulary holds trigram entries. */
  public boolean hasTrigrams() {
    return trigramStart < tokens.size();
  }

  /** Whether an id is a trigram entry. */
  public boolean isTrigram(int id) {
    return id >= trigramStart && id < tokens.size();
  }

  /** Whether an id is an n-gram entry (bigram or trigram), i.e. spans more than one word. */
  public boolean isNgram(int id) {
    return id >= bigramStart && id < tokens.size();
  }

  /** The id of the bigram of two token texts, or {@link #UNK} when it is not a bigram entry. */
  public int bigramId(String first, String second) {
    if (!hasBigrams()) {
      return UNK;
    }
    Integer id = ids.get(bigram(first, second));
    return id == null || !isBigram(id) ? UNK : id;
  }

  /**
   * {@link #bigramId(String, String)} for two token texts whose ids ({@link #id(String)}) are already known: when
   * both texts are entries the pair of ids is looked up, without joining the texts (same result).
   */
  public int bigramId(int firstId, String first, int secondId, String second) {
    if (!hasBigrams()) {
      return UNK;
    }
    if (firstId == UNK || secondId == UNK) {
      return bigramId(first, second);
    }
    return bigramPairs.get(firstId, secondId, UNK);
  }

  /** The id of the trigram of three token texts, or {@link #UNK} when it is not a trigram entry. */
  public int trigramId(String first, String second, String third) {
    if (!hasTrigrams()) {
      return UNK;
    }
    Integer id = ids.get(trigram(first, second, third));
    return id == null || !isTrigram(id) ? UNK : id;
  }

  /** The entry text of a bigram: {@code first + '_' + second}. */
  public static String bigram(String first, String second) {
    return new StringBuilder(first.length() + second.length() + 1)
        .append(first).append(BIGRAM_SEPARATOR).append(second).toString();
  }

  /** The entry text of a trigram: {@code first + '_' + second + '_' + third}. */
  public static String trigram(String first, String second, String third) {
    return new StringBuilder(first.length() + second.length() + third.length() + 2)
        .append(first).append(BIGRAM_SEPARATOR).append(second).append(BIGRAM_SEPARATOR).append(third).toString();
  }

  /** The token of an id. */
  public String token(int id) {
    return tokens.get(id);
  }

  /** All entries in id order (unmodifiable). */
  public List<String> tokens() {
    return tokens;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Vocabulary v && v.bigramStart == bigramStart && v.trigramStart == trigramStart
        && v.tokens.equals(tokens);
  }

  @Override
  public int hashCode() {
    return (tokens.hashCode() * 31 + bigramStart) * 31 + trigramStart;
  }

  @Override
  public String toString() {
    return "Vocabulary[size=" + tokens.size() + ", bigrams=" + bigramCount()
        + (hasTrigrams() ? ", trigrams=" + trigramCount() : "") + "]";
  }

  /** An open-addressing map from a pair of non-negative ints to an int (linear probing, no removal). */
  private static final class PairTable {
    private final long[] keys; // (a << 32 | b) + 1; 0 = empty
    private final int[] values;
    private final int mask;

    PairTable(int expected) {
      int cap = Integer.highestOneBit(Math.max(4, expected * 2 + 1) - 1) << 1;
      keys = new long[cap];
      values = new int[cap];
      mask = cap - 1;
    }

    private static int slot(long key, int mask) {
      long h = key * 0x9E3779B97F4A7C15L;
      return (int) (h ^ (h >>> 32)) & mask;
    }

    void put(int a, int b, int value) {
      long key = (((long) a << 32) | (b & 0xFFFFFFFFL)) + 1;
      int i = slot(key, mask);
      while (keys[i] != 0 && keys[i] != key) {
        i = (i + 1) & mask;
      }
      keys[i] = key;
      values[i] = value;
    }

    int get(int a, int b, int absent) {
      long key = (((long) a << 32) | (b & 0xFFFFFFFFL)) + 1;
      int i = slot(key, mask);
      while (true) {
        long k = keys[i];
        if (k == key) {
          return values[i];
        }
        if (k == 0) {
          return absent;
        }
        i = (i + 1) & mask;
      }
    }
  }
}
