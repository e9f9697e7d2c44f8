package io.hardmax.nlp;

import java.util.Objects;

/**
 * Everything needed to rebuild a tokenizer exactly; stored in model files so a model tokenizes at inference
 * as it did in training. Validated here, in one place.
 *
 * @param kind          which tokenizer family
 * @param lowercase     lower-case token texts
 * @param stopList      which stop words to drop
 * @param stem          Porter-stem token texts
 * @param stripHtml     treat HTML tags/entities as non-text (offsets still index the original text)
 * @param markNegation  prefix tokens in a negation scope with {@code NOT_} (scope ends at clause punctuation)
 * @param lemmatize     CoreNLP lemmatisation (needs the CoreNLP models jar on the class path)
 * @param dropPunctuation drop punctuation tokens (every code point Unicode punctuation or an ASCII symbol, so
 *                      emoji stay) after negation scopes are computed; CORENLP and PAPER emit punctuation
 *                      otherwise ("!" carries sentiment); LUCENE's StandardTokenizer never emits punctuation, so
 *                      the flag changes nothing there
 *
 * <p>The options are applied in one fixed order by every family; see
 * {@link io.hardmax.nlp.tokenize.BaseTokenizer}. {@link Tokenizers#create} rejects {@code lemmatize} with an
 * {@link NlpException} when the CoreNLP models jar is missing.
 */
public record TokenizerSettings(
    Kind kind,
    boolean lowercase,
    StopList stopList,
    boolean stem,
    boolean stripHtml,
    boolean markNegation,
    boolean lemmatize,
    boolean dropPunctuation) {

  /** Tokenizer families. */
  public enum Kind {
    /** Stanford CoreNLP's PTB tokenizer (splits "wasn't" into "was" + "n't"). */
    CORENLP,
    /** Lucene: HTMLStripCharFilter + StandardTokenizer (+ lower-casing, stop filter, optional Porter). */
    LUCENE,
    /** The preprocessing of the hardmax paper (Alcalde et al. 2025). */
    PAPER
  }

  /** Stop-word lists. */
  public enum StopList {
    /** Keep every token. */
    NONE,
    /** The NLTK-like English list minus negations and contrast words (not, no, nor, never, n't, but ...). */
    NEGATION_PRESERVING,
    /** The full NLTK English stop list (removes "not", "no", "nor"). */
    FULL
  }

  public TokenizerSettings {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(stopList, "stopList");
  }

  /** The settings without the punctuation flag (punctuation kept); the original seven-field form. */
  public TokenizerSettings(
      Kind kind,
      boolean lowercase,
      StopList stopList,
      boolean stem,
      boolean stripHtml,
      boolean markNegation,
      boolean lemmatize) {
    this(kind, lowercase, stopList, stem, stripHtml, markNegation, lemmatize, false);
  }

  /** Default: CoreNLP PTB, lower-cased, HTML stripped, no stop words removed, punctuation kept. */
  public static TokenizerSettings defaults() {
    return builder().build();
  }

  /**
   * The paper's preset: no lower-casing, full NLTK stop list, HTML stripped, punctuation kept (NLTK's tokenizer
   * keeps it), no stemming or lemmatisation (the paper's WordNet lemmatiser is not available in Java; switch
   * {@code lemmatize} on with the CoreNLP models jar for the closest equivalent).
   */
  public static TokenizerSettings paper() {
    return new TokenizerSettings(Kind.PAPER, false, StopList.FULL, false, true, false, false);
  }

  /** A builder holding {@link #defaults()}; set what differs. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds {@link TokenizerSettings}; validation happens in {@link #build()}. Starts from {@link #defaults()}. */
  public static final class Builder {
    private Kind kind = Kind.CORENLP;
    private boolean lowercase = true;
    private StopList stopList = StopList.NONE;
    private boolean stem = false;
    private boolean stripHtml = true;
    private boolean markNegation = false;
    private boolean lemmatize = false;
    private boolean dropPunctuation = false;

    private Builder() {}

    private Builder(TokenizerSettings c) {
      kind = c.kind;
      lowercase = c.lowercase;
      stopList = c.stopList;
      stem = c.stem;
      stripHtml = c.stripHtml;
      markNegation = c.markNegation;
      lemmatize = c.lemmatize;
      dropPunctuation = c.dropPunctuation;
    }

    public Builder kind(Kind v) {
      kind = v;
      return this;
    }

    public Builder lowercase(boolean v) {
      lowercase = v;
      return this;
    }

    public Builder stopList(StopList v) {
      stopList = v;
      return this;
    }

    public Builder stem(boolean v) {
      stem = v;
      return this;
    }

    public Builder stripHtml(boolean v) {
      stripHtml = v;
      return this;
    }

    public Builder markNegation(boolean v) {
      markNegation = v;
      return this;
    }

    public Builder lemmatize(boolean v) {
      lemmatize = v;
      return this;
    }

    public Builder dropPunctuation(boolean v) {
      dropPunctuation = v;
      return this;
    }

    public TokenizerSettings build() {
      return new TokenizerSettings(kind, lowercase, stopList, stem, stripHtml, markNegation, lemmatize, dropPunctuation);
    }
  }
}
