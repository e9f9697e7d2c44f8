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
    return builder().build();
  }

  /** A builder holding {@link #defaults()}; set what differs. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds {@link VocabularySettings}; validation happens in {@link #build()}. Starts from {@link #defaults()}. */
  public static final class Builder {
    private int minCount = 1;
    private int maxSize = Integer.MAX_VALUE;
    private boolean bigrams = false;
    private int bigramMinCount = 5;
    private int bigramMaxSize = 50_000;
    private boolean trigrams = false;
    private int trigramMinCount = DEFAULT_TRIGRAM_MIN_COUNT;
    private int trigramMaxSize = 0;

    private Builder() {}

    private Builder(VocabularySettings c) {
      minCount = c.minCount;
      maxSize = c.maxSize;
      bigrams = c.bigrams;
      bigramMinCount = c.bigramMinCount;
      bigramMaxSize = c.bigramMaxSize;
      trigrams = c.trigrams;
      trigramMinCount = c.trigramMinCount;
      trigramMaxSize = c.trigramMaxSize;
    }

    public Builder minCount(int v) {
      minCount = v;
      return this;
    }

    public Builder maxSize(int v) {
      maxSize = v;
      return this;
    }

    public Builder bigrams(boolean v) {
      bigrams = v;
      return this;
    }

    public Builder bigramMinCount(int v) {
      bigramMinCount = v;
      return this;
    }

    public Builder bigramMaxSize(int v) {
      bigramMaxSize = v;
      return this;
    }

    public Builder trigrams(boolean v) {
      trigrams = v;
      return this;
    }

    public Builder trigramMinCount(int v) {
      trigramMinCount = v;
      return this;
    }

    public Builder trigramMaxSize(int v) {
      trigramMaxSize = v;
      return this;
    }

    /** Bigram entries on, with their own minimum count and cap. */
    public Builder bigrams(int minCount, int maxSize) {
      return bigrams(true).bigramMinCount(minCount).bigramMaxSize(maxSize);
    }

    /** Trigram entries on, with their own minimum count and cap (independent of the bigram entries). */
    public Builder trigrams(int minCount, int maxSize) {
      return trigrams(true).trigramMinCount(minCount).trigramMaxSize(maxSize);
    }

    public VocabularySettings build() {
      return new VocabularySettings(minCount, maxSize, bigrams, bigramMinCount, bigramMaxSize, trigrams, trigramMinCount,
          trigramMaxSize);
    }
  }
}
