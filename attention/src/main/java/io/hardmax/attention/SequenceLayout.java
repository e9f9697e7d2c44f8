package io.hardmax.attention;

import io.hardmax.nlp.Sentences;
import io.hardmax.nlp.Vocabulary;

/**
 * What the word-order variants need to know about token ids to place tokens: which ids are bigram entries (they
 * sit between their two words) and which end a sentence ({@link Sentences}). Derived from the vocabulary, so a
 * model file needs nothing more.
 *
 * @param bigramStart  the first bigram id ({@link Integer#MAX_VALUE}: no bigrams)
 * @param endsSentence [vocab or shorter] whether an id ends its sentence (ids beyond the array do not)
 */
public record SequenceLayout(int bigramStart, boolean[] endsSentence) {
  /** No bigram entries, no sentence ends: every token a word of one sentence. */
  public static final SequenceLayout NONE = new SequenceLayout(Integer.MAX_VALUE, new boolean[0]);

  /** The layout of a vocabulary. */
  public static SequenceLayout of(Vocabulary v) {
    int limit = v.hasBigrams() ? v.bigramStart() : v.size();
    boolean[] ends = new boolean[limit];
    for (int id = 0; id < limit; id++) {
      ends[id] = id != Vocabulary.PAD && id != Vocabulary.UNK && Sentences.endsSentence(v.token(id));
    }
    return new SequenceLayout(v.hasBigrams() ? v.bigramStart() : Integer.MAX_VALUE, ends);
  }

  /**
   * Positions and sentence ids of a token sequence: a word's position is its index among the words; a bigram
   * entry (an id at or above {@link #bigramStart}, which the encoder inserts right after its second word) sits
   * between its two words, at {@code first + 0.5}, in its second word's sentence. Positions are exact in float.
   *
   * @param pos  receives the positions of {@code ids[0..len)}
   * @param sent receives the sentence ids (null: not wanted)
   */
  public void place(int[] ids, int len, float[] pos, int[] sent) {
    int words = 0;
    int s = 0;
    for (int i = 0; i < len; i++) {
      int id = ids[i];
      if (id >= bigramStart && words >= 2) {
        pos[i] = words - 1.5f;
        if (sent != null) {
          sent[i] = i > 0 ? sent[i - 1] : s;
        }
      } else {
        pos[i] = words++;
        if (sent != null) {
          sent[i] = s;
        }
        if (id < endsSentence.length && endsSentence[id]) {
          s++;
        }
      }
    }
  }
}
