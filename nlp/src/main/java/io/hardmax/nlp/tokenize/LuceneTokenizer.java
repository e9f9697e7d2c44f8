package io.hardmax.nlp.tokenize;

import io.hardmax.nlp.TokenizerSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.charfilter.HTMLStripCharFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Adapter for the Lucene chain {@link HTMLStripCharFilter} (when {@code stripHtml}) → {@link StandardTokenizer}
 * (Unicode UAX#29 word boundaries; punctuation is dropped, emoji are kept, "wasn't" stays one token) →
 * {@link LowerCaseFilter} (when {@code lowercase}). Offsets are corrected through the char filter, so they index
 * the original text; with HTML stripping, decoded entities make the form differ from the surface
 * ("caf&amp;eacute;" → "café").
 *
 * <p>Stop words, stemming and negation run in {@link BaseTokenizer}, not as Lucene filters: negation scopes
 * must see stop words before they are removed and the punctuation StandardTokenizer drops, and one shared
 * stemmer gives the same stems in every family. The analyzer is built once; Lucene reuses its components per
 * thread.
 */
public final class LuceneTokenizer extends BaseTokenizer {
  private final Analyzer analyzer;

  public LuceneTokenizer(TokenizerSettings settings) {
    super(settings);
    boolean html = settings.stripHtml();
    boolean lower = settings.lowercase();
    this.analyzer = new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        StandardTokenizer source = new StandardTokenizer();
        TokenStream sink = lower ? new LowerCaseFilter(source) : source;
        return new TokenStreamComponents(source, sink);
      }

      @Override
      protected Reader initReader(String fieldName, Reader reader) {
        return html ? new HTMLStripCharFilter(reader) : reader;
      }
    };
  }

  @Override
  boolean lowercasesItself() {
    return true; // when lowercase is on, LowerCaseFilter did it
  }

  @Override
  void split(String text, Spans out) {
    boolean surface = !settings().lowercase() && !settings().stripHtml();
    try (TokenStream ts = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
      ts.reset();
      int last = 0;
      while (ts.incrementToken()) {
        int b = offset.startOffset();
        int e = offset.endOffset();
        if (settings().stripHtml() && e <= text.length()) {
          // the char filter maps a word's end to the end of a tag right after it ("Caf&eacute;</b>"): trim
          while (e > b && text.charAt(e - 1) == '>') {
            int lt = text.lastIndexOf('<', e - 1);
            if (lt <= b) {
              break;
            }
            e = lt;
          }
          while (b < e && text.charAt(b) == '<') {
            int gt = text.indexOf('>', b);
            if (gt < 0 || gt + 1 >= e) {
              break;
            }
            b = gt + 1;
          }
        }
        if (term.length() == 0 || e <= b || b < last || e > text.length()) {
          continue; // defensive: keep the Tokenizer contract even if a char filter misplaces an offset
        }
        last = b;
        out.add(b, e, surface ? null : term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException("lucene tokenizer failed on a string", e);
    }
  }
}
