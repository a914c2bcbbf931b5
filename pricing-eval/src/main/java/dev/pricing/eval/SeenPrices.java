package dev.pricing.eval;

import dev.pricing.api.PricingRequest;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * The last price each customer saw for each product during one walk over requests (one policy's own
 * history). A request for a pair seen before gets that price as its {@link dev.pricing.api.Market#referencePrice()
 * reference price}; a first request keeps its own. Prices are kept in the currency's minor unit. Not
 * thread-safe: one instance per walk.
 */
final class SeenPrices {
  private final Map<String, Long> lastMinor = new HashMap<>();

  /** Returns the request with the pair's last-seen price as its reference, or the request itself if unseen. */
  PricingRequest withReference(PricingRequest r) {
    Long minor = lastMinor.get(key(r));
    if (minor == null) {
      return r;
    }
    BigDecimal ref = BigDecimal.valueOf(minor, r.product().currency().getDefaultFractionDigits());
    return PricingRequest.of(r.customer(), r.product(), r.market().withReferencePrice(ref));
  }

  /** Records that the request's customer was shown this price for its product. */
  void show(PricingRequest r, double price) {
    double scale = Math.pow(10, r.product().currency().getDefaultFractionDigits());
    lastMinor.put(key(r), Math.round(price * scale));
  }

  private static String key(PricingRequest r) {
    return r.customer().id() + '\u0000' + r.product().id();
  }
}
