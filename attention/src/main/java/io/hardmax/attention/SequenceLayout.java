package io.hardmax.attention;

import io.hardmax.nlp.Sentences;
import io.hardmax.nlp.StopWords;
import io.hardmax.nlp.Vocabulary;
import io.hardmax.nlp.tokenize.BaseTokenizer;

/**
 * What the word-order variants need to know about token ids to place tokens: which ids are bigram entries (they
 * sit between their two words) and which end a sentence ({@link Sentences}). Derived from the vocabulary, so a
 * model file needs nothing more.
 *
 * <p>Negation scopes ({@link #negators}, for {@link HardmaxConfig#negationGate()}) follow the tokenizer's rule of
 * {@code markNegation} on the token sequence: a negation word ({@link StopWords#isNegation}: "not", "no", "never",
 * "n't", "nothing", ...) opens a scope, a punctuation token with one of {@code . , ; : ! ?} closes it, and every other
 * word in between is in the scope of the last negation word before it (rule "v1"; model files name it).
 *
 * @param bigramStart   the first bigram id ({@link Integer#MAX_VALUE}: no bigrams)
 * @param endsSentence  [vocab or shorter] whether an id ends its sentence (ids beyond the array do not)
 * @param opensNegation [vocab or shorter] whether an id is a negation word
 * <p>Contrast scopes ({@link #operators}, for {@link HardmaxConfig#contrastGate()}): a contrast word ("but", "however",
 * "yet") holds the words before it back to the start of its sentence (rule "v1"; model files name it).
 *
 * @param endsClause    [vocab or shorter] whether an id is clause punctuation, which closes a negation scope
 * @param opensContrast [vocab or shorter] whether an id is a contrast word
 */
public record SequenceLayout(int bigramStart, boolean[] endsSentence, boolean[] opensNegation, boolean[] endsClause,
    boolean[] opensContrast) {
  /** No bigram entries, no sentence ends: every token a word of one sentence. */
  public static final SequenceLayout NONE = new SequenceLayout(Integer.MAX_VALUE, new boolean[0]);

  /** The name of the negation-scope rule of {@link #negators}, recorded in model files. */
  public static final String NEGATION_RULE = "v1";

  /** The name of the contrast-scope rule of {@link #operators}, recorded in model files. */
  public static final String CONTRAST_RULE = "v1";

  /** The contrast words of rule v1, lower case. */
  static final java.util.Set<String> CONTRAST_WORDS = java.util.Set.of("but", "however", "yet");

  /** A layout without contrast words. */
  public SequenceLayout(int bigramStart, boolean[] endsSentence, boolean[] opensNegation, boolean[] endsClause) {
    this(bigramStart, endsSentence, opensNegation, endsClause, new boolean[0]);
  }

  /** A layout without negation words. */
  public SequenceLayout(int bigramStart, boolean[] endsSentence) {
    this(bigramStart, endsSentence, new boolean[0], new boolean[0], new boolean[0]);
  }

  /** The layout of a vocabulary. */
  public static SequenceLayout of(Vocabulary v) {
    int limit = v.hasBigrams() ? v.bigramStart() : v.size();
    boolean[] ends = new boolean[limit];
    boolean[] negation = new boolean[limit];
    boolean[] clause = new boolean[limit];
    boolean[] contrast = new boolean[limit];
    for (int id = 0; id < limit; id++) {
      if (id == Vocabulary.PAD || id == Vocabulary.UNK) {
        continue;
      }
      String t = v.token(id);
      ends[id] = Sentences.endsSentence(t);
      negation[id] = StopWords.isNegation(t);
      clause[id] = isClausePunctuation(t);
      contrast[id] = CONTRAST_WORDS.contains(t.toLowerCase(java.util.Locale.ROOT));
    }
    return new SequenceLayout(v.hasBigrams() ? v.bigramStart() : Integer.MAX_VALUE, ends, negation, clause, contrast);
  }

  /** Whether a token text is punctuation holding one of {@code . , ; : ! ?} (it closes a negation scope). */
  static boolean isClausePunctuation(String t) {
    if (t.isEmpty() || !BaseTokenizer.isPunctuation(t)) {
      return false;
    }
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?') {
        return true;
      }
    }
    return false;
  }

  /**
   * The negator of every token of a sequence: {@code out[i]} is the index of the negation word whose scope holds
   * token i, or -1. A word is in the scope of the last negation word before it unless clause punctuation came in
   * between; a negation word and clause punctuation are in no scope. An n-gram entry (an id at or above
   * {@link #bigramStart}, which the encoder inserts right after its last word) is in a scope when its two last
   * words are, with its last word's negator: "not_funny" is not ("not" opens the scope), "single_dull" after
   * "not a" is.
   *
   * @return whether any token is in a scope
   */
  public boolean negators(int[] ids, int len, int[] out) {
    return operators(ids, len, out, true, false);
  }

  /**
   * The gating operator of every token: its negator ({@link #negators}) when {@code negation} and it has one; else,
   * when {@code contrast}, the first contrast word after it in its sentence (sentences end at the ids of
   * {@link #endsSentence}; the contrast word itself, negation words and clause punctuation are in no contrast
   * scope; an n-gram entry is in the scope of the contrast word its last word is in); else -1.
   *
   * @return whether any token has an operator
   */
  public boolean operators(int[] ids, int len, int[] out, boolean negation, boolean contrast) {
    boolean any = negation && negatorsOnly(ids, len, out);
    if (!negation) {
      java.util.Arrays.fill(out, 0, len, -1);
    }
    if (!contrast) {
      return any;
    }
    int next = -1; // the contrast word ahead in this sentence, scanning backwards
    int lastWordScope = -1; // the contrast scope of the word an n-gram entry ends with
    for (int i = len - 1; i >= 0; i--) {
      int id = ids[i];
      if (id >= bigramStart) {
        continue; // n-gram entries are set from their last word below
      }
      if (id < endsSentence.length && endsSentence[id]) {
        next = -1;
      }
      boolean isContrast = id < opensContrast.length && opensContrast[id];
      boolean exempt = isContrast || (id < opensNegation.length && opensNegation[id])
          || (id < endsClause.length && endsClause[id]);
      lastWordScope = exempt ? -1 : next;
      if (out[i] < 0 && lastWordScope >= 0) {
        out[i] = lastWordScope;
        any = true;
      }
      // the n-gram entries right after this word (the encoder puts them there) share its contrast scope
      for (int k = i + 1; k < len && ids[k] >= bigramStart; k++) {
        if (out[k] < 0 && lastWordScope >= 0) {
          out[k] = lastWordScope;
          any = true;
        }
      }
      if (isContrast) {
        next = i;
      }
    }
    return any;
  }

  private boolean negatorsOnly(int[] ids, int len, int[] out) {
    int open = -1;
    int lastNeg = -1; // negator of the last word, -1 if none
    int prevNeg = -1; // negator of the word before it
    int words = 0;
    boolean any = false;
    for (int i = 0; i < len; i++) {
      int id = ids[i];
      if (id >= bigramStart && words >= 2) {
        out[i] = prevNeg >= 0 && lastNeg >= 0 ? lastNeg : -1;
        continue;
      }
      words++;
      int neg = -1;
      if (id < endsClause.length && endsClause[id]) {
        open = -1;
      } else if (id < opensNegation.length && opensNegation[id]) {
        open = i;
      } else {
        neg = open;
      }
      out[i] = neg;
      any |= neg >= 0;
      prevNeg = lastNeg;
      lastNeg = neg;
    }
    return any;
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
