package dev.pricing.onnx;

/**
 * How {@link TextEncoder#encode(java.util.List)} runs a batch through the model.
 *
 * <p>Why this is a choice: the int8 all-MiniLM-L6-v2 is <em>dynamically</em> quantized: each
 * {@code DynamicQuantizeLinear} node picks its int8 scale from the value range of the whole input tensor,
 * that is of every text in the batch, padding included. A text run in a padded batch therefore gets a
 * slightly different embedding than the same text run alone (cosine about 0.99 on product titles,
 * measured by the tests), and the embedding of a cached text would depend on which texts happened to
 * share its batch. For float and statically quantized models padding is masked out exactly and one padded
 * run is both exact and faster.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum BatchExecution {
  /** {@link #PER_TEXT} for a dynamically quantized model, else {@link #PADDED}. The default. */
  AUTO,
  /** One run over {@code [batch, longest]}: fastest, exact unless the model is dynamically quantized. */
  PADDED,
  /** One run per text over {@code [1, its length]}: every embedding equals that of the text alone. */
  PER_TEXT
}
