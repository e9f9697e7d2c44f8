/**
 * The hardmax transformer for interpretable sentiment analysis (Alcalde, Fantuzzi and Zuazua, "Clustering in
 * pure-attention hardmax transformers and its role in sentiment analysis", SIAM J. Math. Data Science 7(3),
 * 2025): configuration ({@link io.hardmax.attention.HardmaxConfig}), the attention layer and its tie rule defined
 * once with a scalar reference and the word-order variants ({@link io.hardmax.attention.HardmaxAttention}), the
 * sparse softmax/hardmax kernels with a hand-written backward pass ({@code Workspace}), training ({@link io.hardmax.attention.HardmaxTrainer},
 * {@link io.hardmax.attention.ModelTrainer}, resumable through checkpoints: {@code Checkpoint}), exact per-token explanations
 * ({@link io.hardmax.attention.Explanation}) and versioned model files
 * ({@link io.hardmax.attention.ModelFile}), whose embedding table may be stored quantised
 * ({@link io.hardmax.attention.EmbeddingEncoding}).
 */
package io.hardmax.attention;
