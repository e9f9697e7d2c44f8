package io.hardmax.nlp.tokenize;

import edu.stanford.nlp.ling.HasWord;
import edu.stanford.nlp.process.LexedTokenFactory;
import edu.stanford.nlp.process.PTBTokenizer;
import io.hardmax.nlp.TokenizerSettings;
import java.io.StringReader;

/**
 * Adapter for Stanford CoreNLP's PTB tokenizer ({@link PTBTokenizer}, main jar only). Splits clitics the Penn
 * Treebank way ("wasn't" → "was" + "n't", "cannot" → "can" + "not") and keeps punctuation and emoticons as
 * tokens.
 *
 * <p>Options: {@value #OPTIONS}. {@code ptb3Escaping=false} keeps "(" as "(" and quotes as typed;
 * {@code untokenizable=noneDelete} silently drops characters the lexer cannot handle (lone surrogates, control
 * characters); {@code invertible=false} because offsets come from the lexer anyway. Token forms are the
 * surface substrings of the original text, so PTB normalisations never leak into the vocabulary.
 *
 * <p>With {@code stripHtml}, tags and entities are blanked first ({@link HtmlBlanker}), keeping offsets. Each
 * call builds a new lexer (the library's lexer is not reusable across texts); the option string is short.
 * Runs of more than {@value #MAX_RUN} non-whitespace characters are cut (see {@link #MAX_RUN}).
 */
public final class CoreNlpTokenizer extends BaseTokenizer {
  static final String OPTIONS =
      "invertible=false,ptb3Escaping=false,untokenizable=noneDelete,tokenizeNLs=false";

  /**
   * The PTB lexer takes time quadratic in the length of a run of non-whitespace characters ("&&&&...": 16,000
   * chars take 11 s), so longer runs are cut into pieces of this many chars that are lexed separately. Only
   * such runs (long URLs, garbage) tokenize differently; normal text is lexed in one call.
   */
  static final int MAX_RUN = 128;

  private static final LexedTokenFactory<Piece> PIECES = Piece::new;

  public CoreNlpTokenizer(TokenizerSettings settings) {
    super(settings);
  }

  CoreNlpTokenizer(TokenizerSettings settings, Lemmatizer lemmatizer) {
    super(settings, lemmatizer);
  }

  @Override
  void split(String text, Spans out) {
    String work = settings().stripHtml() ? HtmlBlanker.blank(text) : text;
    int n = work.length();
    int from = 0;
    int run = 0; // length of the current run of non-whitespace chars
    for (int i = 0; i < n; i++) {
      char c = work.charAt(i);
      if (c <= ' ' || (c > 127 && Character.isWhitespace(c))) {
        run = 0;
      } else if (++run > MAX_RUN && !Character.isLowSurrogate(c)) {
        lex(work, from, i, out);
        from = i;
        run = 1;
      }
    }
    lex(work, from, n, out);
  }

  /** Lexes {@code work[from, to)} and adds the spans, shifted to offsets of the whole text. */
  private static void lex(String work, int from, int to, Spans out) {
    if (to <= from) {
      return;
    }
    String part = from == 0 && to == work.length() ? work : work.substring(from, to);
    PTBTokenizer<Piece> lexer = new PTBTokenizer<>(new StringReader(part), PIECES, OPTIONS);
    while (lexer.hasNext()) {
      Piece p = lexer.next();
      int end = Math.min(p.begin + p.length, part.length());
      if (end > p.begin) {
        out.add(from + p.begin, from + end, null);
      }
    }
  }

  /** The lightest token the lexer can produce: only offsets are used. */
  private static final class Piece implements HasWord {
    private static final long serialVersionUID = 1L;
    private String word;
    private final int begin;
    private final int length;

    Piece(String word, int begin, int length) {
      this.word = word;
      this.begin = begin;
      this.length = length;
    }

    @Override
    public String word() {
      return word;
    }

    @Override
    public void setWord(String word) {
      this.word = word;
    }
  }
}
