/**
 * Text → tokens with character offsets → vocabulary ids.
 *
 * <ul>
 *   <li>{@link io.hardmax.nlp.Tokenizers#create} builds a thread-safe {@link io.hardmax.nlp.Tokenizer} from
 *       {@link io.hardmax.nlp.TokenizerSettings}: CoreNLP's PTB tokenizer (default), the Lucene chain, or the
 *       preprocessing of Alcalde, Fantuzzi and Zuazua (arXiv 2407.01602), each with the shared options
 *       (lower-casing, stop lists from {@link io.hardmax.nlp.StopWords}, Porter stemming, HTML stripping,
 *       negation scope marking, optional CoreNLP lemmatisation). Every {@link io.hardmax.nlp.Token} keeps its
 *       {@code [begin, end)} span of the original text, so explanations map back to the review.
 *   <li>{@link io.hardmax.nlp.VocabularyBuilder} counts training tokens (never test) into a
 *       {@link io.hardmax.nlp.Vocabulary} (PAD 0, UNK 1, descending count then lexicographic, optional bigram
 *       entries); {@link io.hardmax.nlp.VocabularyIO} saves and loads it as JSON.
 *   <li>{@link io.hardmax.nlp.Encoder} turns a text into ids with offsets and a
 *       {@link io.hardmax.nlp.Truncation} policy, recording what was cut in {@link io.hardmax.nlp.EncodedText}.
 * </ul>
 *
 * User-facing errors are {@link io.hardmax.nlp.NlpException}s with one-line messages.
 */
package io.hardmax.nlp;
