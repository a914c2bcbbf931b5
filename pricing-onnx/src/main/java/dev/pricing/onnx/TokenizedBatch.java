package dev.pricing.onnx;

import java.util.Arrays;

/**
 * The model inputs for a batch of texts, as produced by {@link TextEncoder#tokenize(java.util.List)}:
 * token ids, attention mask and token type ids, each {@code batchSize x sequenceLength}, row-major,
 * padded to the longest text of the batch and truncated at the encoder's maximum length.
 *
 * <p>Immutable and thread-safe: accessors return copies. Exists so that tokenization can be measured
 * and fed to a model on its own ({@link TextEncoder#encodeTokens(TokenizedBatch)}).
 */
public final class TokenizedBatch {
  private final int batchSize;
  private final int sequenceLength;
  final long[] inputIds;
  final long[] attentionMask;
  final long[] tokenTypeIds;

  TokenizedBatch(int batchSize, int sequenceLength, long[] inputIds, long[] attentionMask, long[] tokenTypeIds) {
    this.batchSize = batchSize;
    this.sequenceLength = sequenceLength;
    this.inputIds = inputIds;
    this.attentionMask = attentionMask;
    this.tokenTypeIds = tokenTypeIds;
  }

  /**
   * Returns the number of texts.
   *
   * @return the batch size, at least 1
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Returns the padded sequence length: the token count of the longest text, special tokens included.
   *
   * @return the sequence length, at least 1
   */
  public int sequenceLength() {
    return sequenceLength;
  }

  /**
   * Returns the token ids, row-major.
   *
   * @return a copy of the ids
   */
  public long[] inputIds() {
    return inputIds.clone();
  }

  /**
   * Returns the attention mask (1 for a real token, 0 for padding), row-major.
   *
   * @return a copy of the mask
   */
  public long[] attentionMask() {
    return attentionMask.clone();
  }

  /**
   * Returns the token type ids (all 0 for single texts), row-major.
   *
   * @return a copy of the type ids
   */
  public long[] tokenTypeIds() {
    return tokenTypeIds.clone();
  }

  /**
   * Returns the number of real (unpadded) tokens of one text.
   *
   * @param row the text's index in the batch
   * @return its token count, special tokens included
   * @throws IndexOutOfBoundsException if {@code row} is out of range
   */
  public int tokenCount(int row) {
    if (row < 0 || row >= batchSize) {
      throw new IndexOutOfBoundsException("row " + row + " of " + batchSize);
    }
    int n = 0;
    for (int i = row * sequenceLength, end = i + sequenceLength; i < end; i++) {
      n += (int) attentionMask[i];
    }
    return n;
  }

  @Override
  public String toString() {
    return "TokenizedBatch[" + batchSize + "x" + sequenceLength + ", ids=" + Arrays.toString(
        Arrays.copyOf(inputIds, Math.min(inputIds.length, 16))) + (inputIds.length > 16 ? "...]" : "]");
  }
}
