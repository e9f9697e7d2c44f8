package io.hardmax.nlp.tokenize;

import io.hardmax.nlp.TokenizerSettings;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The preprocessing of Alcalde, Fantuzzi and Zuazua, "Clustering in pure-attention hardmax transformers and its
 * role in sentiment analysis" (arXiv 2407.01602), re-done with offsets into the original text:
 *
 * <ol>
 *   <li>URLs ({@code http://...}, {@code https://...}, {@code www....} up to the next whitespace) are removed,
 *       and with {@code stripHtml} tags and entities ({@link HtmlBlanker}); removed text acts as whitespace;
 *   <li>digits and non-ASCII characters are deleted. Deletion, not separation: like {@code re.sub} on the text
 *       before tokenizing, "abc123def" gives "abcdef" and "na\u00efve" gives "nave"; the span then covers the
 *       deleted characters too;
 *   <li>punctuation is split off: each ASCII punctuation character is its own token, except that a run of
 *       periods is one token ("...") and an apostrophe between letters stays in the word;
 *   <li>contractions are split as NLTK's Treebank tokenizer does: "wasn't" → "was" + "n't", "can't" → "ca" +
 *       "n't", "cannot" → "can" + "not", and "'s", "'re", "'ve", "'ll", "'d", "'m" become their own tokens;
 *   <li>repeated letters are squeezed: a run of three or more identical letters (case-sensitive) becomes two
 *       ("sooooo" → "soo", "Goooood" → "Good"), the usual {@code (.)\1{2,} → \1\1} rule;
 *   <li>no lower-casing here; stop words (the paper uses NLTK's full list, which as in NLTK removes only
 *       lower-case matches since the paper does not lower-case), stemming and lemmatisation come from the
 *       shared options. The paper lemmatises with WordNet; {@code lemmatize} uses CoreNLP's lemmatiser instead,
 *       only when the CoreNLP models jar is on the class path.
 * </ol>
 *
 * NLTK's quote rewriting ({@code "} → {@code ``}/{@code ''}) is not imitated: forms stay close to the surface.
 */
public final class PaperTokenizer extends BaseTokenizer {
  private static final Pattern URL = Pattern.compile("(?:https?://|www\\.)\\S+", Pattern.CASE_INSENSITIVE);
  private static final String[] CLITICS = {"'s", "'re", "'ve", "'ll", "'d", "'m"};

  public PaperTokenizer(TokenizerSettings settings) {
    super(settings);
  }

  @Override
  void split(String text, Spans out) {
    String work = blankUrls(settings().stripHtml() ? HtmlBlanker.blank(text) : text);
    int n = work.length();
    char[] word = new char[Math.min(n, 64)];
    int[] pos = new int[word.length];
    int len = 0;
    for (int i = 0; i < n; i++) {
      char c = work.charAt(i);
      if (HtmlBlanker.isAsciiLetter(c)) {
        if (len == word.length) {
          word = Arrays.copyOf(word, len * 2);
          pos = Arrays.copyOf(pos, len * 2);
        }
        word[len] = c;
        pos[len] = i;
        len++;
      } else if (isDeleted(c)) {
        continue; // transparent: the word goes on
      } else if (c == '\'' && len > 0 && nextKeptIsLetter(work, i + 1)) {
        if (len == word.length) {
          word = Arrays.copyOf(word, len * 2);
          pos = Arrays.copyOf(pos, len * 2);
        }
        word[len] = c;
        pos[len] = i;
        len++;
      } else {
        if (len > 0) {
          emitWord(word, pos, len, out);
          len = 0;
        }
        if (c > ' ' && c < 127) {
          if (c == '.') {
            int j = i + 1;
            while (j < n && work.charAt(j) == '.') {
              j++;
            }
            out.add(i, j, null);
            i = j - 1;
          } else {
            out.add(i, i + 1, null);
          }
        }
      }
    }
    if (len > 0) {
      emitWord(word, pos, len, out);
    }
  }

  /** Digits and non-ASCII characters are deleted from the text. */
  private static boolean isDeleted(char c) {
    return (c >= '0' && c <= '9') || c >= 128;
  }

  private static boolean nextKeptIsLetter(String s, int from) {
    for (int j = from; j < s.length(); j++) {
      char c = s.charAt(j);
      if (!isDeleted(c)) {
        return HtmlBlanker.isAsciiLetter(c);
      }
    }
    return false;
  }

  private static String blankUrls(String s) {
    if (s.indexOf("://") < 0 && s.indexOf("www.") < 0 && s.indexOf("WWW.") < 0) {
      return s;
    }
    Matcher m = URL.matcher(s);
    char[] c = null;
    while (m.find()) {
      if (c == null) {
        c = s.toCharArray();
      }
      Arrays.fill(c, m.start(), m.end(), ' ');
    }
    return c == null ? s : new String(c);
  }

  /** Splits one word (letters and inner apostrophes, deleted chars already dropped) into NLTK-like pieces. */
  private static void emitWord(char[] w, int[] pos, int len, Spans out) {
    String s = new String(w, 0, len);
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.equals("cannot")) {
      piece(w, pos, 0, 3, out);
      piece(w, pos, 3, 6, out);
      return;
    }
    if (len > 3 && lower.endsWith("n't")) {
      piece(w, pos, 0, len - 3, out);
      piece(w, pos, len - 3, len, out);
      return;
    }
    for (String clitic : CLITICS) {
      if (len > clitic.length() && lower.endsWith(clitic)) {
        piece(w, pos, 0, len - clitic.length(), out);
        piece(w, pos, len - clitic.length(), len, out);
        return;
      }
    }
    piece(w, pos, 0, len, out);
  }

  /** Emits chars [from, to) of the word, squeezed, with the span of their original positions. */
  private static void piece(char[] w, int[] pos, int from, int to, Spans out) {
    StringBuilder sb = new StringBuilder(to - from);
    boolean contiguous = true;
    for (int k = from; k < to; k++) {
      int m = sb.length();
      if (m >= 2 && sb.charAt(m - 1) == w[k] && sb.charAt(m - 2) == w[k] && Character.isLetter(w[k])) {
        contiguous = false;
        continue;
      }
      sb.append(w[k]);
      if (k > from && pos[k] != pos[k - 1] + 1) {
        contiguous = false;
      }
    }
    int begin = pos[from];
    int end = pos[to - 1] + 1;
    out.add(begin, end, contiguous ? null : sb.toString());
  }
}
