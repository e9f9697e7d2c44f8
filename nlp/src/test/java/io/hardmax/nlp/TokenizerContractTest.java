package io.hardmax.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Tokenizer} must keep, as a reusable JUnit 5 base class (shipped in the nlp test-jar):
 * tokens in text order, {@code begin} never going backwards, spans inside the text, non-empty token texts, the
 * surface form kept when the settings do not normalise, the empty text giving no tokens, random Unicode input
 * (HTML, emoji, surrogate pairs, lone surrogates) with a printed seed, and a golden case per implementation.
 *
 * <p>Subclasses supply the tokenizer and the golden case. The static {@link #assertContract} runs the same checks
 * on any tokenizer and text, for tests that sweep over many settings.
 */
public abstract class TokenizerContractTest {

  /** The tokenizer under test. */
  protected abstract Tokenizer tokenizer();

  /** Input of the golden case. */
  protected abstract String goldenInput();

  /** Expected tokens of the golden case, each as {@code text[begin,end)}. */
  protected abstract List<String> goldenTokens();

  /**
   * Whether {@code original.substring(begin, end)} must equal each token's text. True by default when the
   * settings change no form: no lower-casing, stemming, lemmatisation or negation marking, and a family that
   * keeps the surface (not {@code paper}, which squeezes letters and deletes characters inside words, and not
   * {@code lucene} with HTML stripping, which decodes entities).
   */
  protected boolean surfaceConsistent() {
    return surfacePreserving(tokenizer().settings());
  }

  /** The default rule of {@link #surfaceConsistent()} for a settings value. */
  public static boolean surfacePreserving(TokenizerSettings s) {
    return !s.lowercase() && !s.stem() && !s.lemmatize() && !s.markNegation()
        && s.kind() != TokenizerSettings.Kind.PAPER
        && !(s.kind() == TokenizerSettings.Kind.LUCENE && s.stripHtml());
  }

  /** The seed for random tests: {@code -Dtests.seed=N} to repeat a failure, else a fresh one (printed). */
  public static long seed() {
    String fixed = System.getProperty("tests.seed");
    long seed = fixed != null ? Long.parseLong(fixed) : new Random().nextLong();
    System.out.println("tokenizer contract seed: -Dtests.seed=" + seed);
    return seed;
  }

  /** Tokens formatted as {@code text[begin,end)}, the golden-case notation. */
  public static List<String> describe(List<Token> tokens) {
    List<String> out = new ArrayList<>(tokens.size());
    for (Token t : tokens) {
      out.add(t.text() + "[" + t.begin() + "," + t.end() + ")");
    }
    return out;
  }

  /**
   * Checks the contract on one text and returns the tokens.
   *
   * @param surface also require {@code text.substring(begin, end).equals(token.text())}
   */
  public static List<Token> assertContract(Tokenizer tokenizer, String text, boolean surface) {
    List<Token> tokens = tokenizer.tokenize(text);
    assertThat(tokens).as("tokens of %s", quote(text)).isNotNull().doesNotContainNull();
    int lastBegin = 0;
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      String where = "token " + i + " " + t + " of " + quote(text);
      assertThat(t.text()).as(where).isNotEmpty();
      assertThat(t.begin()).as("begin went backwards: " + where).isGreaterThanOrEqualTo(lastBegin);
      assertThat(t.end()).as("span outside the text (length " + text.length() + "): " + where)
          .isLessThanOrEqualTo(text.length());
      assertThat(t.end()).as("empty span: " + where).isGreaterThan(t.begin());
      if (surface) {
        assertThat(t.text()).as("surface form: " + where).isEqualTo(text.substring(t.begin(), t.end()));
      }
      lastBegin = t.begin();
    }
    // thread-safety smoke check: the same call again gives the same answer (per-thread state was reset)
    assertThat(tokenizer.tokenize(text)).as("second call on %s", quote(text)).isEqualTo(tokens);
    return tokens;
  }

  private static String quote(String s) {
    String shown = s.length() > 200 ? s.substring(0, 200) + "..." : s;
    return "\"" + shown.replace("\n", "\\n") + "\"";
  }

  /** A random text mixing words, punctuation, HTML, entities, URLs, digits, accents, emoji and bad surrogates. */
  public static String randomText(Random r, int maxPieces) {
    String[] pieces = {
      "good", "Not", "not", "wasn't", "can't", "cannot", "I'm", "sooooo", "NEVER", "movie", "the", "The", "a",
      "!", "!!", "?", ".", "...", ",", ";", ":", "(", ")", "\"", "'", "-", "--", "/", "&", "<", ">", ":-)",
      "<br />", "<br/><br/>", "<i>", "</i>", "<a href=\"x\">", "&amp;", "&#39;", "&#x27;", "&quot;", "&nbsp;",
      "http://example.com/a?b=c", "www.imdb.com", "3.5/10", "1990s", "10", "café", "naïve", "Ünïcödé",
      "\u00a0", "\t", "\n", "\r\n", "😀", "👍🏽", "\ud835\udd38", "\ud800", "\udc00", "\u0000", "\u200b",
      "日本語", "Привет", "مرحبا", "x_y", "e-mail", "U.S.A.", "$5", "50%", "#1", "@user", "\uFFFD", "İ", "ß"
    };
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(maxPieces + 1);
    for (int i = 0; i < n; i++) {
      int kind = r.nextInt(10);
      if (kind < 7) {
        sb.append(pieces[r.nextInt(pieces.length)]);
      } else if (kind < 9) {
        int len = 1 + r.nextInt(4);
        for (int k = 0; k < len; k++) {
          int cp = r.nextInt(4) == 0 ? r.nextInt(0x110000) : 32 + r.nextInt(95);
          if (Character.isValidCodePoint(cp)) {
            sb.appendCodePoint(cp);
          }
        }
      } else {
        sb.append((char) r.nextInt(0x10000));
      }
      if (r.nextInt(3) > 0) {
        sb.append(' ');
      }
    }
    return sb.toString();
  }

  @Test
  void emptyInputGivesNoTokens() {
    assertThat(tokenizer().tokenize("")).isEmpty();
  }

  @Test
  void whitespaceOnlyGivesNoTokens() {
    assertThat(tokenizer().tokenize(" \t\n\r\n  ")).isEmpty();
  }

  @Test
  void golden() {
    List<Token> tokens = assertContract(tokenizer(), goldenInput(), surfaceConsistent());
    assertThat(describe(tokens)).containsExactlyElementsOf(goldenTokens());
  }

  @Test
  void fixedTextsKeepTheContract() {
    for (String text : FIXED) {
      assertContract(tokenizer(), text, surfaceConsistent());
    }
  }

  @Test
  void randomTextsKeepTheContract() {
    Random r = new Random(seed());
    for (int i = 0; i < 300; i++) {
      assertContract(tokenizer(), randomText(r, 40), surfaceConsistent());
    }
  }

  @Test
  void settingsRebuildAnEqualTokenizer() {
    Tokenizer again = Tokenizers.create(tokenizer().settings());
    assertThat(again.settings()).isEqualTo(tokenizer().settings());
    for (String text : FIXED) {
      assertThat(again.tokenize(text)).as(text).isEqualTo(tokenizer().tokenize(text));
    }
  }

  @Test
  void concurrentCallsAgreeWithSequentialOnes() throws InterruptedException {
    Tokenizer tok = tokenizer();
    List<List<Token>> expected = new ArrayList<>();
    for (String text : FIXED) {
      expected.add(tok.tokenize(text));
    }
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread[] threads = new Thread[3];
    for (int t = 0; t < threads.length; t++) {
      threads[t] = new Thread(() -> {
        try {
          for (int rep = 0; rep < 20; rep++) {
            for (int i = 0; i < FIXED.size(); i++) {
              assertThat(tok.tokenize(FIXED.get(i))).isEqualTo(expected.get(i));
            }
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(failures).isEmpty();
  }

  /** Texts every tokenizer is checked on. */
  public static final List<String> FIXED = List.of(
      "I wasn't happy with this movie. It's NOT good, but the acting... wow!",
      "One of the best films of the 1990s.<br /><br />I'd give it 9/10 &amp; more :-)",
      "Sooooo baaad!!! Never again; no way. Don't watch it?",
      "Caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u2014 \u201cquoted\u201d and \u2018single\u2019 \u2026",
      "Emoji 😀👍🏽 and math \ud835\udd38 and a lone \ud800 surrogate \udc00.",
      "See http://www.imdb.com/title/tt0111161/ or www.example.org for more.",
      "<p>Tags <b>everywhere</b></p><!-- a comment --> a < b > c &lt;3 &bogus",
      "x",
      "!!!",
      "(Parens) [brackets] {braces} \"quotes\" 'single' `back`",
      "Line one\nLine two\r\nLine\tthree",
      "cannot gonna wanna can't won't shouldn't I'll you're we've she'd I'm");
}
