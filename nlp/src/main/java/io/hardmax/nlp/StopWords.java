package io.hardmax.nlp;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The stop-word and negation lists used by every tokenizer.
 *
 * <p>{@link #NLTK_ENGLISH} is NLTK's English list (179 entries, {@code nltk.corpus.stopwords.words("english")}
 * as shipped up to NLTK 3.8), all lower case. Like NLTK, matching is case-sensitive against the token form
 * after the optional lower-casing: without lower-casing (the paper's setting) "The" is kept and "the" removed.
 */
public final class StopWords {

  /** NLTK's English stop list, 179 lower-case entries in NLTK's order. */
  public static final List<String> NLTK_ENGLISH = List.of(
      "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "you're", "you've", "you'll", "you'd",
      "your", "yours", "yourself", "yourselves", "he", "him", "his", "himself", "she", "she's", "her", "hers",
      "herself", "it", "it's", "its", "itself", "they", "them", "their", "theirs", "themselves", "what", "which",
      "who", "whom", "this", "that", "that'll", "these", "those", "am", "is", "are", "was", "were", "be", "been",
      "being", "have", "has", "had", "having", "do", "does", "did", "doing", "a", "an", "the", "and", "but", "if",
      "or", "because", "as", "until", "while", "of", "at", "by", "for", "with", "about", "against", "between",
      "into", "through", "during", "before", "after", "above", "below", "to", "from", "up", "down", "in", "out",
      "on", "off", "over", "under", "again", "further", "then", "once", "here", "there", "when", "where", "why",
      "how", "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "no", "nor", "not",
      "only", "own", "same", "so", "than", "too", "very", "s", "t", "can", "will", "just", "don", "don't",
      "should", "should've", "now", "d", "ll", "m", "o", "re", "ve", "y", "ain", "aren", "aren't", "couldn",
      "couldn't", "didn", "didn't", "doesn", "doesn't", "hadn", "hadn't", "hasn", "hasn't", "haven", "haven't",
      "isn", "isn't", "ma", "mightn", "mightn't", "mustn", "mustn't", "needn", "needn't", "shan", "shan't",
      "shouldn", "shouldn't", "wasn", "wasn't", "weren", "weren't", "won", "won't", "wouldn", "wouldn't");

  /**
   * Entries of {@link #NLTK_ENGLISH} that the negation-preserving list keeps as tokens: negations (no, nor, not,
   * every negative contraction and its NLTK stump such as "didn"), contrast (but, against) and the degree words
   * that flip or scale sentiment (few, only, too, very).
   */
  public static final Set<String> SENTIMENT_BEARING;

  /** The full NLTK list as a set. */
  public static final Set<String> FULL = Collections.unmodifiableSet(new HashSet<>(NLTK_ENGLISH));

  /** NLTK's list minus {@link #SENTIMENT_BEARING}. */
  public static final Set<String> NEGATION_PRESERVING;

  /**
   * Words that open a negation scope (compared lower-cased). Besides these, every token ending in "n't"
   * (Lucene keeps "wasn't" whole) opens a scope.
   */
  public static final Set<String> NEGATIONS = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
      "not", "no", "never", "n't", "nor", "cannot", "none", "nobody", "nothing", "nowhere", "neither",
      "without", "ain", "aint", "dont", "didnt", "doesnt", "isnt", "wasnt", "werent", "arent", "cant",
      "couldnt", "wouldnt", "shouldnt", "wont", "hasnt", "havent", "hadnt", "mustnt", "neednt")));

  static {
    Set<String> keep = new LinkedHashSet<>(Arrays.asList("no", "nor", "not", "but", "against", "few", "only",
        "too", "very", "don", "don't"));
    for (String w : NLTK_ENGLISH) {
      if (w.endsWith("n't") || NLTK_ENGLISH.contains(w + "'t")) {
        keep.add(w);
      }
    }
    SENTIMENT_BEARING = Collections.unmodifiableSet(keep);
    Set<String> rest = new HashSet<>(NLTK_ENGLISH);
    rest.removeAll(keep);
    NEGATION_PRESERVING = Collections.unmodifiableSet(rest);
  }

  private StopWords() {}

  /** The stop set of a setting; empty for {@link TokenizerSettings.StopList#NONE}. */
  public static Set<String> of(TokenizerSettings.StopList list) {
    return switch (list) {
      case NONE -> Set.of();
      case NEGATION_PRESERVING -> NEGATION_PRESERVING;
      case FULL -> FULL;
    };
  }

  /** Whether a token opens a negation scope; compares lower-cased, so "Not" and "NEVER" count. */
  public static boolean isNegation(String token) {
    return isLowerCaseNegation(token.toLowerCase(Locale.ROOT));
  }

  /** {@link #isNegation} for a token already in lower case. */
  public static boolean isLowerCaseNegation(String lower) {
    return NEGATIONS.contains(lower) || lower.endsWith("n't");
  }
}
