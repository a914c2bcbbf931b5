package dev.pricing.onnx;

/**
 * Where a {@link TextEncoder} runs the model.
 *
 * <p>{@link #CUDA} needs the GPU build of ONNX Runtime ({@code onnxruntime_gpu}, opt-in through the
 * {@code gpu} Maven profile, see {@code docs/encoder.md}), an NVIDIA GPU and a matching CUDA runtime;
 * without them building the encoder fails with an {@link EncoderException} that says which is missing.
 * {@link #AUTO} tries CUDA and falls back to the CPU with one log line.
 *
 * <p>Immutable and thread-safe (an enum).
 */
public enum ExecutionProvider {
  /** ONNX Runtime's CPU execution provider. Always available. */
  CPU,
  /** The CUDA execution provider; fails when it is not available. */
  CUDA,
  /** CUDA when available, else the CPU (logged once at INFO). */
  AUTO
}
