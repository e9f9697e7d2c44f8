package io.hardmax.nlp;

import io.hardmax.nlp.tokenize.CoreNlpTokenizer;
import io.hardmax.nlp.tokenize.LuceneTokenizer;
import io.hardmax.nlp.tokenize.PaperTokenizer;
import java.util.Locale;
import java.util.Objects;

/**
 * Builds tokenizers from {@link TokenizerSettings}. Every tokenizer returned is thread-safe and cheap to call:
 * library objects are built once here, per-thread working state is reused. Build one per settings value and
 * keep it; {@code create} itself may be slow (lemmatisation loads a tagger model).
 *
 * <p>Punctuation: {@code corenlp} and {@code paper} emit punctuation tokens ("!", "...", ":-)"), since they
 * carry sentiment; {@code lucene} (UAX#29 word boundaries) never does. {@link TokenizerSettings#dropPunctuation()}
 * removes them from the first two.
 */
public final class Tokenizers {
  private Tokenizers() {}

  /**
   * A tokenizer for the settings.
   *
   * @throws NlpException when {@code lemmatize} is set and the CoreNLP models jar is not on the class path
   */
  public static Tokenizer create(TokenizerSettings settings) {
    Objects.requireNonNull(settings, "settings");
    return switch (settings.kind()) {
      case CORENLP -> new CoreNlpTokenizer(settings);
      case LUCENE -> new LuceneTokenizer(settings);
      case PAPER -> new PaperTokenizer(settings);
    };
  }

  /** The default tokenizer ({@link TokenizerSettings#defaults()}). */
  public static Tokenizer createDefault() {
    return create(TokenizerSettings.defaults());
  }

  /**
   * Parses a tokenizer family name as used on the command line: {@code corenlp}, {@code lucene} or
   * {@code paper} (case-insensitive).
   *
   * @throws NlpException naming the accepted values
   */
  public static TokenizerSettings.Kind parseKind(String name) {
    Objects.requireNonNull(name, "name");
    try {
      return TokenizerSettings.Kind.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new NlpException("unknown tokenizer '" + name + "': expected one of corenlp, lucene, paper");
    }
  }

  /**
   * Parses a stop-list name: {@code none}, {@code negation-preserving} (or {@code negation_preserving}) or
   * {@code full}.
   *
   * @throws NlpException naming the accepted values
   */
  public static TokenizerSettings.StopList parseStopList(String name) {
    Objects.requireNonNull(name, "name");
    try {
      return TokenizerSettings.StopList.valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new NlpException(
          "unknown stop list '" + name + "': expected one of none, negation-preserving, full");
    }
  }
}
