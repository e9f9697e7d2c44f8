package io.hardmax.nlp.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import io.hardmax.nlp.TokenizerContractTest;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HtmlBlankerTest {

  @Test
  void blanksTagsCommentsAndEntitiesWithSpacesOfTheSameLength() {
    String in = "Good<br /><br />film &amp; <i>cast</i><!-- x --> &#39;ok&#x27;";
    String out = HtmlBlanker.blank(in);
    assertThat(out).hasSameSizeAs(in);
    assertThat(out).isEqualTo("Good            film       " + "   cast    " + "          " + "      ok      ");
  }

  @Test
  void leavesTextThatOnlyLooksLikeHtml() {
    for (String s : new String[] {"a < b > c", "<3 love", "&lt3", "AT&T rocks", "x &#; y", "&#12345678;",
        "<unclosed tag", "5 &a b;", "<" + "b".repeat(HtmlBlanker.MAX_TAG) + ">"}) {
      assertThat(HtmlBlanker.blank(s)).as(s).isEqualTo(s);
    }
  }

  @Test
  void returnsTheSameInstanceWithoutMarkup() {
    String s = "no markup here";
    assertThat(HtmlBlanker.blank(s)).isSameAs(s);
    assertThat(HtmlBlanker.blank("")).isEmpty();
  }

  @Test
  void keepsLineBreaksInsideTags() {
    assertThat(HtmlBlanker.blank("a<p\nclass=x>b")).isEqualTo("a  \n" + " ".repeat(8) + "b");
  }

  @Test
  void randomTextKeepsLengthAndChangesOnlyMarkupToSpaces() {
    long seed = TokenizerContractTest.seed();
    Random r = new Random(seed);
    for (int i = 0; i < 500; i++) {
      String in = TokenizerContractTest.randomText(r, 30);
      String out = HtmlBlanker.blank(in);
      assertThat(out).as("seed %d", seed).hasSameSizeAs(in);
      for (int k = 0; k < in.length(); k++) {
        if (out.charAt(k) != in.charAt(k)) {
          assertThat(out.charAt(k)).as("seed %d, char %d of %s", seed, k, in).isEqualTo(' ');
        }
      }
    }
  }
}
