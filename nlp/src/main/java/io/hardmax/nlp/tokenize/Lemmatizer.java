package io.hardmax.nlp.tokenize;

import edu.stanford.nlp.ling.HasWord;
import edu.stanford.nlp.ling.TaggedWord;
import edu.stanford.nlp.ling.Word;
import edu.stanford.nlp.process.Morphology;
import edu.stanford.nlp.tagger.maxent.MaxentTagger;
import io.hardmax.nlp.NlpException;
import java.util.ArrayList;
import java.util.List;

/**
 * CoreNLP lemmatisation: the English POS tagger from the CoreNLP models jar tags the tokens of a text, then
 * {@link Morphology} maps each (word, tag) to its lemma. The tagger model is not in the main CoreNLP jar;
 * {@link #load()} fails with a message saying how to add the models jar.
 */
final class Lemmatizer {
  /** Class-path resource of the default English tagger in stanford-corenlp-4.5.10-models.jar. */
  static final String TAGGER_MODEL = "edu/stanford/nlp/models/pos-tagger/english-left3words-distsim.tagger";

  static final String HOW_TO_ADD = "lemmatize needs the CoreNLP models jar on the class path (resource "
      + TAGGER_MODEL + " not found): add the Maven dependency edu.stanford.nlp:stanford-corenlp:4.5.10:models "
      + "(<classifier>models</classifier>, about 470 MB) or put stanford-corenlp-4.5.10-models.jar on the "
      + "class path; or switch lemmatize off (use stem for a light-weight alternative)";

  /** Part-of-speech tags (Penn Treebank tag set) for one sentence; must be thread-safe. */
  interface Tagger {
    List<String> tags(List<HasWord> sentence);
  }

  private final Tagger tagger;
  private final ThreadLocal<Morphology> morphology = ThreadLocal.withInitial(Morphology::new);

  /** A lemmatiser with the given tagger (tests pass a rule-based one; {@link #load} the CoreNLP one). */
  Lemmatizer(Tagger tagger) {
    this.tagger = tagger;
  }

  /** Whether the tagger model is on the class path. */
  static boolean available() {
    return Lemmatizer.class.getClassLoader().getResource(TAGGER_MODEL) != null;
  }

  /** Loads the tagger (a few seconds); throws {@link NlpException} when the models jar is absent. */
  static Lemmatizer load() {
    if (!available()) {
      throw new NlpException(HOW_TO_ADD);
    }
    try {
      // MaxentTagger is thread-safe for tagging: each call builds its own sentence state
      MaxentTagger maxent = new MaxentTagger(TAGGER_MODEL);
      return new Lemmatizer(sentence -> {
        List<TaggedWord> tagged = maxent.tagSentence(sentence);
        List<String> tags = new ArrayList<>(tagged.size());
        for (TaggedWord t : tagged) {
          tags.add(t.tag());
        }
        return tags;
      });
    } catch (RuntimeException e) {
      throw new NlpException("cannot load the CoreNLP tagger " + TAGGER_MODEL + ": " + e.getMessage(), e);
    }
  }

  /**
   * Lemmas of the given words in order. Sentences are tagged separately, a sentence ending after a token made of
   * '.', '!' or '?' characters only, so that long reviews stay cheap to tag.
   */
  String[] lemmas(List<String> words) {
    String[] out = new String[words.size()];
    Morphology m = morphology.get();
    int start = 0;
    List<HasWord> sentence = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      sentence.add(new Word(w));
      if (isSentenceEnd(w) || i == words.size() - 1) {
        List<String> tags = tagger.tags(sentence);
        if (tags.size() != sentence.size()) {
          throw new IllegalStateException("tagger returned " + tags.size() + " tags for " + sentence.size()
              + " words");
        }
        for (int k = 0; k < tags.size(); k++) {
          String lemma = m.lemma(words.get(start + k), tags.get(k));
          out[start + k] = lemma == null || lemma.isEmpty() ? words.get(start + k) : lemma;
        }
        sentence.clear();
        start = i + 1;
      }
    }
    return out;
  }

  private static boolean isSentenceEnd(String w) {
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      if (c != '.' && c != '!' && c != '?') {
        return false;
      }
    }
    return true;
  }
}
