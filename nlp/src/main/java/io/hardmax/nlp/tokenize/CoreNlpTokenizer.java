package io.hardmax.nlp.tokenize;

import edu.stanford.nlp.ling.HasWord;
import edu.stanford.nlp.process.LexedTokenFactory;
import edu.stanford.nlp.process.PTBTokenizer;
import io.hardmax.nlp.TokenizerSettings;
import java.io.Reader;
import java.io.StringReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

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
 * <p>With {@code stripHtml}, tags and entities are blanked first ({@link HtmlBlanker}), keeping offsets. Runs of
 * more than {@value #MAX_RUN} non-whitespace characters are cut (see {@link #MAX_RUN}).
 *
 * <p>One lexer per thread serves every text: a new {@link PTBTokenizer} parses its option string and allocates
 * the lexer's 16,384-char buffer and its 16,385-entry lookahead array (about 48 KB per text, 13 % of classify's
 * allocation), so the thread's lexer is instead rewound onto each text with JFlex's {@code yyreset}, which
 * clears the scanner's position and offsets ({@code yychar}) and sets the lexical state to {@code YYINITIAL}, and
 * then put back in the lexical state its constructor chose ({@code yybegin}; the constructor starts in
 * {@code YyNotTokenizePerLine}, where "&lt;br /&gt;" is one token, not four). The lexer class and these methods
 * are not public API, so they are reached by reflection once; if that fails (another CoreNLP version), every
 * text gets a new lexer as before. The lexer's other state is the same either way with these
 * options: it remembers the previous token only when it is invertible or makes {@code CoreLabel}s (neither here),
 * and whether it has warned about an untokenizable character (it never warns with {@code noneDelete}).
 * {@code CoreNlpTokenizerTest} compares the reused lexer with new ones over varied texts.
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

  /** (PTBTokenizer) -> its PTBLexer, or null when CoreNLP hides it; then also the three below are null. */
  private static final MethodHandle LEXER;
  /** (PTBLexer, Reader) -> void: {@code yyreset}. */
  private static final MethodHandle RESET;
  /** (PTBLexer, int) -> void: {@code yybegin}. */
  private static final MethodHandle BEGIN;
  /** (PTBLexer) -> int: {@code yystate}, the lexical state. */
  private static final MethodHandle STATE;

  static {
    MethodHandle lexer = null;
    MethodHandle reset = null;
    MethodHandle begin = null;
    MethodHandle state = null;
    try {
      Field f = PTBTokenizer.class.getDeclaredField("lexer");
      f.setAccessible(true);
      Class<?> c = f.getType();
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      lexer = lookup.unreflectGetter(f).asType(MethodType.methodType(Object.class, PTBTokenizer.class));
      reset = lookup.unreflect(accessible(c.getMethod("yyreset", Reader.class)))
          .asType(MethodType.methodType(void.class, Object.class, Reader.class));
      begin = lookup.unreflect(accessible(c.getMethod("yybegin", int.class)))
          .asType(MethodType.methodType(void.class, Object.class, int.class));
      state = lookup.unreflect(accessible(c.getMethod("yystate")))
          .asType(MethodType.methodType(int.class, Object.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      lexer = null;
    }
    LEXER = lexer;
    RESET = lexer == null ? null : reset;
    BEGIN = lexer == null ? null : begin;
    STATE = lexer == null ? null : state;
  }

  /** A public method of the package-private lexer class, made callable. */
  private static Method accessible(Method m) {
    m.setAccessible(true);
    return m;
  }

  private final boolean reuse;
  /** The thread's tokenizer whose lexer is rewound for each text (only when {@link #reuse}). */
  private final ThreadLocal<Reusable> reusable = ThreadLocal.withInitial(Reusable::new);

  public CoreNlpTokenizer(TokenizerSettings settings) {
    this(settings, null, true);
  }

  CoreNlpTokenizer(TokenizerSettings settings, Lemmatizer lemmatizer) {
    this(settings, lemmatizer, true);
  }

  /**
   * @param reuse whether each thread rewinds one lexer for every text ({@code false}: a new lexer per text, the
   *              reference the tests compare with; {@code true} falls back to it when the lexer cannot be reached)
   */
  CoreNlpTokenizer(TokenizerSettings settings, Lemmatizer lemmatizer, boolean reuse) {
    super(settings, lemmatizer);
    this.reuse = reuse && LEXER != null;
  }

  /** Whether this tokenizer rewinds one lexer per thread (tests). */
  boolean reusesLexer() {
    return reuse;
  }

  /** A thread's tokenizer, made once over an empty text and rewound onto each text. */
  private static final class Reusable {
    final PTBTokenizer<Piece> tokenizer = new PTBTokenizer<>(new StringReader(""), PIECES, OPTIONS);
    final Object lexer;
    final int state; // the lexical state the constructor chose
    boolean clean = true; // not left half-read by a text that threw

    Reusable() {
      try {
        lexer = (Object) LEXER.invokeExact(tokenizer);
        state = (int) STATE.invokeExact(lexer);
      } catch (Throwable e) {
        throw new IllegalStateException("reaching CoreNLP's lexer failed", e);
      }
    }

    /** The tokenizer, its lexer rewound onto the text. */
    PTBTokenizer<Piece> rewind(String text) {
      try {
        RESET.invokeExact(lexer, (Reader) new StringReader(text));
        BEGIN.invokeExact(lexer, state);
      } catch (Throwable e) {
        throw new IllegalStateException("rewinding CoreNLP's lexer failed", e);
      }
      return tokenizer;
    }
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
  private void lex(String work, int from, int to, Spans out) {
    if (to <= from) {
      return;
    }
    String part = from == 0 && to == work.length() ? work : work.substring(from, to);
    if (!reuse) {
      drain(new PTBTokenizer<>(new StringReader(part), PIECES, OPTIONS), part, from, out);
      return;
    }
    Reusable r = reusable.get();
    if (!r.clean) {
      r = new Reusable(); // the last text threw half-way: start over with a new lexer
      reusable.set(r);
    }
    r.clean = false;
    drain(r.rewind(part), part, from, out);
    r.clean = true; // read to its end: its next token is null again, ready for the next rewind
  }

  private static void drain(PTBTokenizer<Piece> lexer, String part, int from, Spans out) {
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
