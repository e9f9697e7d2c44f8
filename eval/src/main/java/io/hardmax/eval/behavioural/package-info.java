/**
 * The behavioural test set: short movie reviews written by hand for hardmax (not drawn from IMDb or any other
 * dataset), grouped into capabilities in the manner of CheckList (Ribeiro et al., "Beyond Accuracy: Behavioral
 * Testing of NLP Models with CheckList", ACL 2020). It is a diagnostic: it is never used to train a model or to
 * choose between models; {@code hardmax evaluate --data behavioural:v1} reports accuracy per capability.
 */
package io.hardmax.eval.behavioural;
