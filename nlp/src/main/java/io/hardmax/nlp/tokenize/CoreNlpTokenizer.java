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
 */
public final class CoreNlpTokenizer extends BaseTokenizer {
  static final String OPTIONS =
      "invertible=false,ptb3Escaping=false,untokenizable=noneDelete,tokenizeNLs=false";

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
    PTBTokenizer<Piece> lexer = new PTBTokenizer<>(new StringReader(work), PIECES, OPTIONS);
    while (lexer.hasNext()) {
      Piece p = lexer.next();
      int end = Math.min(p.begin + p.length, text.length());
      if (end > p.begin) {
        out.add(p.begin, end, null);
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
