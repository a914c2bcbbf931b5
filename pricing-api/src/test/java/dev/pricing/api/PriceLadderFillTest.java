package dev.pricing.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PriceLadderFillTest {

  /** fill must write exactly the sequence of repeated ceil calls, for every kind of ladder. */
  @Test
  void fill_equalsRepeatedCeil() {
    List<PriceLadder> ladders = List.of(PriceLadder.NINETY_NINE, PriceLadder.FORTY_NINE_NINETY_NINE,
        PriceLadder.MINOR_UNIT, PriceLadder.WHOLE, PriceLadder.endings(250, 0, 99, 149),
        PriceLadder.points("USD", List.of(new BigDecimal("1.99"), new BigDecimal("4.99"), new BigDecimal("9.99"))));
    Random r = new Random(1);
    for (PriceLadder ladder : ladders) {
      for (int t = 0; t < 2_000; t++) {
        long lo = r.nextInt(2_000) - 50;
        long hi = lo + r.nextInt(3_000) - 100;
        int max = 1 + r.nextInt(60);
        long[] out = new long[max];
        int n = ladder.fill(lo, hi, 2, out, max);
        int k = 0;
        for (long p = ladder.ceil(lo, 2); p <= hi && k < max; p = ladder.ceil(p + 1, 2)) {
          assertThat(out[k]).as("%s [%d, %d] #%d", ladder, lo, hi, k).isEqualTo(p);
          k++;
        }
        assertThat(n).as("%s [%d, %d]", ladder, lo, hi).isEqualTo(k);
      }
    }
  }
}
