package io.hardmax.nlp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Text → token ids with offsets, for training and inference. Thread-safe when its tokenizer is (every
 * tokenizer from {@link Tokenizers} is).
 *
 * <p>Steps: tokenize; look every token text up ({@link Vocabulary#UNK} when absent, also for a text equal to
 * {@code <pad>}; the token keeps its text and span); when the vocabulary holds bigram entries, insert each
 * adjacent pair whose bigram is an entry as an extra position right after its second word, with span
 * {@code [first.begin, second.end)}; when it holds trigram entries, insert each run of three adjacent tokens
 * whose trigram is an entry right after its third word (after that word's bigram, if any), with span
 * {@code [first.begin, third.end)}. Unknown n-grams are not inserted, so an n-gram position never holds UNK;
 * n-gram positions are the only ones whose {@code begin} can precede the previous position's, and every
 * position's {@code end} is that of the last word read so far, so ends never go backwards. Finally truncate the
 * whole sequence to {@code maxLength} positions by the {@link Truncation} policy, recording the cut ranges.
 */
public final class Encoder {
  private final Tokenizer tokenizer;
  private final Vocabulary vocabulary;
  private final int maxLength;
  private final Truncation truncation;

  /**
   * @param maxLength maximum positions per text, {@code >= 1}
   */
  public Encoder(Tokenizer tokenizer, Vocabulary vocabulary, int maxLength, Truncation truncation) {
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
    this.truncation = Objects.requireNonNull(truncation, "truncation");
    if (maxLength < 1) {
      throw new NlpException("encoder maxLength must be >= 1, found " + maxLength);
    }
    this.maxLength = maxLength;
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  public int maxLength() {
    return maxLength;
  }

  public Truncation truncation() {
    return truncation;
  }

  /** Encodes one text. */
  public EncodedText encode(String text) {
    return encodeTokens(tokenizer.tokenize(text));
  }

  /** Encodes tokens already produced by this encoder's tokenizer (saves tokenizing twice). */
  public EncodedText encodeTokens(List<Token> tokens) {
    List<Token> seq = tokens;
    int[] ids;
    boolean bigrams = vocabulary.hasBigrams();
    boolean trigrams = vocabulary.hasTrigrams();
    if ((bigrams || trigrams) && tokens.size() > 1) {
      seq = new ArrayList<>(tokens.size() + tokens.size() / 4);
      int[] buf = new int[tokens.size() * 3];
      int n = 0;
      Token prev = null;
      Token beforePrev = null;
      int prevRaw = Vocabulary.UNK;
      for (Token t : tokens) {
        seq.add(t);
        int raw = vocabulary.id(t.text());
        buf[n++] = raw == Vocabulary.PAD ? Vocabulary.UNK : raw;
        if (bigrams && prev != null) {
          int b = vocabulary.bigramId(prevRaw, prev.text(), raw, t.text());
          if (b != Vocabulary.UNK) {
            seq.add(new Token(vocabulary.token(b), prev.begin(), t.end()));
            buf[n++] = b;
          }
        }
        if (trigrams && beforePrev != null) {
          int g = vocabulary.trigramId(beforePrev.text(), prev.text(), t.text());
          if (g != Vocabulary.UNK) {
            seq.add(new Token(vocabulary.token(g), beforePrev.begin(), t.end()));
            buf[n++] = g;
          }
        }
        beforePrev = prev;
        prev = t;
        prevRaw = raw;
      }
      ids = Arrays.copyOf(buf, n);
    } else {
      ids = new int[tokens.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = idOf(tokens.get(i).text());
      }
    }
    int full = ids.length;
    if (full <= maxLength) {
      return new EncodedText(ids, seq, full, List.of());
    }
    int head = truncation.head(maxLength);
    int tail = truncation.tail(maxLength);
    int[] kept = new int[maxLength];
    System.arraycopy(ids, 0, kept, 0, head);
    System.arraycopy(ids, full - tail, kept, head, tail);
    List<Token> keptTokens = new ArrayList<>(maxLength);
    keptTokens.addAll(seq.subList(0, head));
    keptTokens.addAll(seq.subList(full - tail, full));
    int cutFrom = head;
    int cutTo = full - tail;
    int charBegin = Integer.MAX_VALUE;
    int charEnd = 0;
    for (int i = cutFrom; i < cutTo; i++) {
      charBegin = Math.min(charBegin, seq.get(i).begin());
      charEnd = Math.max(charEnd, seq.get(i).end());
    }
    return new EncodedText(kept, keptTokens, full,
        List.of(new EncodedText.Cut(cutFrom, cutTo, charBegin, charEnd)));
  }

  private int idOf(String text) {
    int id = vocabulary.id(text);
    return id == Vocabulary.PAD ? Vocabulary.UNK : id;
  }
}
