package io.hardmax.nlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bigram lookup by a pair of ids gives what the lookup by the joined text gives, for every pair of texts. */
class VocabularyBigramLookupTest {

  @Test
  void pairLookupEqualsJoinedTextLookupOnTrickyEntries() {
    // unigrams with the separator in them, the separator alone, the reserved entries as texts, a bigram whose text
    // splits two ways ("a_b_c" = "a_b" + "c" = "a" + "b_c") and one whose first word is not a unigram ("q_a")
    List<String> entries = List.of("<pad>", "<unk>", "a", "b", "c", "a_b", "_", "x", "b_c",
        "a_c", "a_b_c", "<pad>_a", "b__", "__x", "q_a", "x_<unk>", "c_a_b");
    Vocabulary v = new Vocabulary(entries, 9, entries.size());
    List<String> texts = List.of("a", "b", "c", "a_b", "_", "x", "b_c", "<pad>", "<unk>", "q", "a_c", "", "b_", "zz");
    int checked = 0;
    int found = 0;
    for (String t1 : texts) {
      for (String t2 : texts) {
        int byText = v.bigramId(t1, t2);
        assertThat(v.bigramId(v.id(t1), t1, v.id(t2), t2)).as("%s + %s", t1, t2).isEqualTo(byText);
        checked++;
        found += byText == Vocabulary.UNK ? 0 : 1;
      }
    }
    assertThat(checked).isEqualTo(texts.size() * texts.size());
    // a_c, a_b_c (both readings), <pad>_a, b__, __x, q_a, x_<unk>, c_a_b
    assertThat(found).isGreaterThanOrEqualTo(8);
  }

  @Test
  void pairLookupEqualsJoinedTextLookupOnARandomVocabulary() {
    SplittableRandom r = new SplittableRandom(20261201);
    List<String> entries = new ArrayList<>(List.of("<pad>", "<unk>"));
    List<String> words = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String w = randomWord(r);
      if (!entries.contains(w)) {
        entries.add(w);
        words.add(w);
      }
    }
    int bigramStart = entries.size();
    for (int i = 0; i < 2000; i++) {
      String a = r.nextInt(10) == 0 ? randomWord(r) : words.get(r.nextInt(words.size()));
      String b = words.get(r.nextInt(words.size()));
      String e = Vocabulary.bigram(a, b);
      if (!entries.contains(e)) {
        entries.add(e);
      }
    }
    Vocabulary v = new Vocabulary(entries, bigramStart, entries.size());
    int found = 0;
    for (int i = 0; i < 20000; i++) {
      String t1 = r.nextInt(20) == 0 ? randomWord(r) : words.get(r.nextInt(words.size()));
      String t2 = r.nextInt(20) == 0 ? randomWord(r) : words.get(r.nextInt(words.size()));
      int byText = v.bigramId(t1, t2);
      assertThat(v.bigramId(v.id(t1), t1, v.id(t2), t2)).as("%s + %s", t1, t2).isEqualTo(byText);
      found += byText == Vocabulary.UNK ? 0 : 1;
    }
    assertThat(found).isPositive();
  }

  /** Short words over a small alphabet that includes the separator, so entries collide in interesting ways. */
  private static String randomWord(SplittableRandom r) {
    String alphabet = "abc_";
    int n = 1 + r.nextInt(3);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
