/**
 * {@code hardmax serve}: the model behind an HTTP server (Javalin on Jetty) with a JSON API
 * ({@code POST /v1/classify}, {@code POST /v1/explain}, {@code GET /v1/model}, {@code GET /healthz}) and an
 * interactive explanation page at {@code GET /}. The model is loaded once and shared (it is thread-safe); requests
 * run on a bounded pool; every limit is answered with a JSON error and a status code.
 */
package io.hardmax.serve;
