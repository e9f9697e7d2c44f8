/**
 * Tokenizer implementations behind {@link io.hardmax.nlp.Tokenizer}: the adapters that hold the library types
 * (Stanford CoreNLP's PTB tokenizer, the Lucene analysis chain), the preprocessing of Alcalde et al. (arXiv
 * 2407.01602), and {@link io.hardmax.nlp.tokenize.BaseTokenizer}, which applies the shared options (lower-casing,
 * stop words, Porter stemming, negation scope marking, lemmatisation) identically for every family. Callers use
 * {@link io.hardmax.nlp.Tokenizers#create}; the classes here are public only so that factory can reach them.
 */
package io.hardmax.nlp.tokenize;
