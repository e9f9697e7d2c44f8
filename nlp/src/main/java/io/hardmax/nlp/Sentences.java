package io.hardmax.nlp;

import java.util.List;

/**
 * The sentence split used by hardmax: a simple punctuation rule on tokens, so it works on any tokenizer that
 * keeps punctuation (CoreNLP and the paper's tokenizer do by default; with {@code dropPunctuation} or Lucene's
 * tokenizer a review is one sentence). A token whose text consists only of '.', '!' and '?' (".", "...", "?!")
 * ends its sentence; it belongs to the sentence it ends. A bigram entry of the encoder belongs to the sentence
 * of the word it follows (its second word).
 */
public final class Sentences {
  private Sentences() {}

  /** Whether a token with this text ends its sentence. */
  public static boolean endsSentence(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '.' && c != '!' && c != '?') {
        return false;
      }
    }
    return true;
  }

  /**
   * Sentence ids (0, 1, ...; non-decreasing) of an encoded sequence's tokens. A bigram entry is recognised as the
   * encoder writes it: its span begins before the end of the token before it.
   */
  public static int[] ids(List<Token> tokens) {
    int[] out = new int[tokens.size()];
    int s = 0;
    for (int i = 0; i < out.length; i++) {
      Token t = tokens.get(i);
      if (i > 0 && t.begin() < tokens.get(i - 1).end()) {
        out[i] = out[i - 1];
        continue;
      }
      out[i] = s;
      if (endsSentence(t.text())) {
        s++;
      }
    }
    return out;
  }
}
