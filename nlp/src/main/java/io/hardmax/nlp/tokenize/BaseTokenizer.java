package io.hardmax.nlp.tokenize;

import io.hardmax.nlp.StopWords;
import io.hardmax.nlp.Token;
import io.hardmax.nlp.Tokenizer;
import io.hardmax.nlp.TokenizerSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tartarus.snowball.ext.PorterStemmer;

/**
 * The part every tokenizer family shares. A family only splits the text into raw spans ({@link #split});
 * this class then applies the options of {@link TokenizerSettings} in one fixed order, identical for all
 * families:
 *
 * <ol>
 *   <li>lemmatisation (CoreNLP, optional) replaces the surface form;
 *   <li>lower-casing ({@link Character#toLowerCase(int)} rules via {@link String#toLowerCase(Locale)} with
 *       {@link Locale#ROOT});
 *   <li>negation scope: a negation word ({@link StopWords#isNegation}) opens a scope; a punctuation token
 *       containing one of {@code . , ; : ! ?} closes it, and so does such a character, a line break or an HTML
 *       {@code <br>}/{@code <p>} tag in the original text between two tokens (families that drop punctuation,
 *       stripped HTML); every non-punctuation token inside the scope other than a negation
 *       word gets the prefix {@code NOT_}. Scopes are computed before stop words are removed, so a removed
 *       "not" still marks the words after it;
 *   <li>punctuation dropping (optional; a punctuation token is one whose code points are all Unicode
 *       punctuation or ASCII symbols);
 *   <li>stop-word removal, case-sensitive against the (possibly lower-cased) form, as NLTK does;
 *   <li>Porter stemming (Snowball's implementation of the original Porter algorithm) of tokens that start with a
 *       letter (so "'s", "n't", "9/10" and punctuation stay as they are);
 *   <li>the {@code NOT_} prefix.
 * </ol>
 *
 * Offsets always stay those of the raw span. Per-thread working state (span buffer, stemmer) lives in a
 * {@link ThreadLocal}, so one instance serves many threads.
 */
public abstract class BaseTokenizer implements Tokenizer {
  /** Prefix of tokens inside a negation scope. */
  public static final String NEGATION_PREFIX = "NOT_";

  private final TokenizerSettings settings;
  private final Set<String> stops;
  private final Lemmatizer lemmatizer; // null unless settings.lemmatize()
  private final ThreadLocal<Work> work = ThreadLocal.withInitial(Work::new);

  /** Per-thread working state. */
  private static final class Work {
    /** Stems are cached per thread: word frequencies are Zipfian, so most lookups hit. */
    private static final int STEM_CACHE_LIMIT = 1 << 17;

    final Spans spans = new Spans();
    private final PorterStemmer stemmer = new PorterStemmer();
    private final Map<String, String> stems = new HashMap<>();

    String stem(String f) {
      String cached = stems.get(f);
      if (cached != null) {
        return cached;
      }
      stemmer.setCurrent(f);
      stemmer.stem();
      String s = stemmer.getCurrent();
      if (s.isEmpty()) {
        s = f;
      }
      if (stems.size() >= STEM_CACHE_LIMIT) {
        stems.clear();
      }
      stems.put(f, s);
      return s;
    }
  }

  protected BaseTokenizer(TokenizerSettings settings) {
    this(settings, null);
  }

  /**
   * @param lemmatizer the lemmatiser to use when {@code settings.lemmatize()}; {@code null} loads CoreNLP's
   */
  BaseTokenizer(TokenizerSettings settings, Lemmatizer lemmatizer) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.stops = StopWords.of(settings.stopList());
    this.lemmatizer = !settings.lemmatize() ? null : lemmatizer != null ? lemmatizer : Lemmatizer.load();
  }

  @Override
  public final TokenizerSettings settings() {
    return settings;
  }

  /** Splits the text into raw spans of the original text, in order. */
  abstract void split(String text, Spans out);

  /** Whether {@link #split} already lower-cased its forms (Lucene's LowerCaseFilter). */
  boolean lowercasesItself() {
    return false;
  }

  @Override
  public final List<Token> tokenize(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      return List.of();
    }
    Work w = work.get();
    Spans spans = w.spans;
    spans.clear();
    try {
      split(text, spans);
      return finish(text, spans, w);
    } finally {
      spans.clear();
    }
  }

  private List<Token> finish(String text, Spans spans, Work w) {
    int n = spans.size();
    String[] lemmas = null;
    if (lemmatizer != null && n > 0) {
      String[] forms = new String[n];
      for (int i = 0; i < n; i++) {
        forms[i] = spans.form(text, i);
      }
      lemmas = lemmatizer.lemmas(Arrays.asList(forms));
    }
    boolean lower = settings.lowercase() && !lowercasesItself();
    boolean formsLowerCase = settings.lowercase();
    boolean negation = settings.markNegation();
    boolean stem = settings.stem();
    boolean dropPunctuation = settings.dropPunctuation();
    boolean inScope = false;
    int prevEnd = 0;
    List<Token> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int b = spans.begin(i);
      int e = spans.end(i);
      if (e <= b) {
        continue;
      }
      String f = lemmas != null ? lemmas[i] : spans.form(text, i);
      if (lower) {
        f = f.toLowerCase(Locale.ROOT); // returns f itself when nothing changes
      }
      if (f.isEmpty()) {
        continue;
      }
      boolean punct = isPunctuation(f);
      boolean marked = false;
      if (negation) {
        if (inScope && gapEndsClause(text, prevEnd, b)) {
          inScope = false;
        }
        if (punct) {
          if (hasClausePunctuation(f, 0, f.length())) {
            inScope = false;
          }
        } else if (formsLowerCase ? StopWords.isLowerCaseNegation(f) : StopWords.isNegation(f)) {
          inScope = true;
        } else {
          marked = inScope;
        }
        prevEnd = Math.max(prevEnd, e);
      }
      if (punct && dropPunctuation) {
        continue;
      }
      if (stops.contains(f)) {
        continue;
      }
      if (stem && Character.isLetter(f.charAt(0))) {
        f = w.stem(f);
      }
      if (marked) {
        f = NEGATION_PREFIX + f;
      }
      out.add(new Token(f, b, e));
    }
    return out;
  }

  /** Clause punctuation that ends a negation scope. */
  static boolean isClausePunctuation(char c) {
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?';
  }

  /**
   * Whether the text between two tokens ends a clause: clause punctuation the tokenizer dropped, a line break,
   * or an HTML line or paragraph break ({@code <br}, {@code <p}), which IMDb reviews use between sentences.
   */
  private static boolean gapEndsClause(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (isClausePunctuation(c) || c == '\n') {
        return true;
      }
      if (c == '<' && i + 1 < to) {
        char d = s.charAt(i + 1);
        if (d == 'p' || d == 'P' || ((d == 'b' || d == 'B') && i + 2 < to
            && (s.charAt(i + 2) == 'r' || s.charAt(i + 2) == 'R'))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean hasClausePunctuation(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (isClausePunctuation(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** Whether every code point of a non-empty form is Unicode punctuation or an ASCII symbol. */
  public static boolean isPunctuation(String f) {
    for (int i = 0; i < f.length(); ) {
      int cp = f.codePointAt(i);
      i += Character.charCount(cp);
      if (cp < 128) {
        if (Character.isLetterOrDigit(cp) || Character.isWhitespace(cp) || cp < 33 || cp == 127) {
          return false;
        }
        continue;
      }
      switch (Character.getType(cp)) {
        case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
            Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
            Character.OTHER_PUNCTUATION -> {
        }
        default -> {
          return false;
        }
      }
    }
    return !f.isEmpty();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + settings;
  }
}
