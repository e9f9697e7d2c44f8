package io.hardmax.nlp;

import java.util.List;

/**
 * Turns text into tokens with character offsets into the original text.
 *
 * <p>Contract (checked by the shared contract test every implementation runs): tokens come in text order,
 * {@code begin} offsets never go backwards, every span lies inside the text, and no token text is empty.
 * Implementations are thread-safe: one instance may be used from several threads at once.
 */
public interface Tokenizer {

  /** Tokenizes one text; the empty text gives the empty list. */
  List<Token> tokenize(String text);

  /** Number of tokens of a text (for statistics such as token-length distributions). */
  default int count(String text) {
    return tokenize(text).size();
  }

  /** The settings this tokenizer was built from; {@code Tokenizers.create(settings())} builds an equal one. */
  TokenizerSettings settings();
}
