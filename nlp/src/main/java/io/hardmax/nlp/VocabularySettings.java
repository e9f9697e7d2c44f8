package io.hardmax.nlp;

/**
 * How {@link VocabularyBuilder} selects entries. Validated here, in one place.
 *
 * @param minCount        a token needs at least this many occurrences in the training texts; {@code >= 1}
 * @param maxSize         at most this many token entries, not counting PAD and UNK; {@code >= 1}
 * @param bigrams         also collect bigram entries (adjacent token texts joined by '_', e.g. "not_good")
 * @param bigramMinCount  a bigram needs at least this many occurrences; {@code >= 1}
 * @param bigramMaxSize   at most this many bigram entries; {@code >= 0}
 * @param trigrams        also collect trigram entries (three adjacent token texts joined by '_', e.g.
 *                        "not_very_good")
 * @param trigramMinCount a trigram needs at least this many occurrences; {@code >= 1}
 * @param trigramMaxSize  at most this many trigram entries; {@code >= 0}
 */
public record VocabularySettings(
    int minCount, int maxSize, boolean bigrams, int bigramMinCount, int bigramMaxSize,
    boolean trigrams, int trigramMinCount, int trigramMaxSize) {

  /** Minimum count of trigram entries when a setting does not name one. */
  public static final int DEFAULT_TRIGRAM_MIN_COUNT = 3;

  public VocabularySettings {
    if (minCount < 1) {
      throw new NlpException("vocabulary minCount must be >= 1, found " + minCount);
    }
    if (maxSize < 1) {
      throw new NlpException("vocabulary maxSize must be >= 1, found " + maxSize);
    }
    if (bigramMinCount < 1) {
      throw new NlpException("vocabulary bigramMinCount must be >= 1, found " + bigramMinCount);
    }
    if (bigramMaxSize < 0) {
      throw new NlpException("vocabulary bigramMaxSize must be >= 0, found " + bigramMaxSize);
    }
    if (trigramMinCount < 1) {
      throw new NlpException("vocabulary trigramMinCount must be >= 1, found " + trigramMinCount);
    }
    if (trigramMaxSize < 0) {
      throw new NlpException("vocabulary trigramMaxSize must be >= 0, found " + trigramMaxSize);
    }
  }

  /** Settings without trigrams (as before trigrams existed). */
  public VocabularySettings(int minCount, int maxSize, boolean bigrams, int bigramMinCount, int bigramMaxSize) {
    this(minCount, maxSize, bigrams, bigramMinCount, bigramMaxSize, false, DEFAULT_TRIGRAM_MIN_COUNT, 0);
  }

  /** Every token seen at least once, no size cap, no bigrams (the paper keeps every token). */
  public static VocabularySettings defaults() {
    return new VocabularySettings(1, Integer.MAX_VALUE, false, 5, 50_000);
  }

  public VocabularySettings withMinCount(int v) {
    return new VocabularySettings(v, maxSize, bigrams, bigramMinCount, bigramMaxSize, trigrams, trigramMinCount,
        trigramMaxSize);
  }

  public VocabularySettings withMaxSize(int v) {
    return new VocabularySettings(minCount, v, bigrams, bigramMinCount, bigramMaxSize, trigrams, trigramMinCount,
        trigramMaxSize);
  }

  /** Bigram entries on, with their own minimum count and cap. */
  public VocabularySettings withBigrams(int minCount, int maxSize) {
    return new VocabularySettings(this.minCount, this.maxSize, true, minCount, maxSize, trigrams, trigramMinCount,
        trigramMaxSize);
  }

  public VocabularySettings withoutBigrams() {
    return new VocabularySettings(minCount, maxSize, false, bigramMinCount, bigramMaxSize, trigrams,
        trigramMinCount, trigramMaxSize);
  }

  /** Trigram entries on, with their own minimum count and cap (independent of the bigram entries). */
  public VocabularySettings withTrigrams(int minCount, int maxSize) {
    return new VocabularySettings(this.minCount, this.maxSize, bigrams, bigramMinCount, bigramMaxSize, true,
        minCount, maxSize);
  }

  public VocabularySettings withoutTrigrams() {
    return new VocabularySettings(minCount, maxSize, bigrams, bigramMinCount, bigramMaxSize, false,
        trigramMinCount, trigramMaxSize);
  }
}
