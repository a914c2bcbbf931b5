package dev.pricing.eval;

import dev.pricing.core.privacy.Pseudonymiser;
import java.nio.charset.StandardCharsets;

/** A fixed pseudonymisation key for the tests that log simulated decisions. */
final class TestKeys {
  static final Pseudonymiser PSEUDONYMISER = Pseudonymiser.of("test1",
      "0123456789abcdef0123456789ABCDEF-test-key".getBytes(StandardCharsets.US_ASCII));

  private TestKeys() {}
}
