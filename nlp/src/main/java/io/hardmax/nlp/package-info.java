/** Text cleaning, tokenizers with character offsets, vocabulary and encoding. */
package io.hardmax.nlp;
