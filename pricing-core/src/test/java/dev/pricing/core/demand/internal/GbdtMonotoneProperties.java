package dev.pricing.core.demand.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.WithNull;

/**
 * With monotone constraints -1 on the price columns, demand never rises along a grid on which every price
 * column is sorted ascending, for any other input (missing included), per row and on the grid scorer.
 */
class GbdtMonotoneProperties {

  @Property(tries = 400)
  void demand_isNonIncreasing_overAnySortedGridOfPriceColumns(
      @ForAll @IntRange(min = 0, max = 1) int model,
      @ForAll @Size(5) List<@WithNull(0.15) @DoubleRange(min = -6, max = 6) Double> context,
      @ForAll @Size(min = 1, max = 48) List<@DoubleRange(min = 0.3, max = 1.8) Double> col0,
      @ForAll @Size(min = 1, max = 48) List<@DoubleRange(min = -1.2, max = 0.6) Double> col1,
      @ForAll @Size(min = 1, max = 48) List<@DoubleRange(min = -1.5, max = 1.2) Double> col2) {
    GbdtEnsemble e = (model == 0 ? GbdtFixtures.conversion() : GbdtFixtures.units()).ensemble();
    int count = Math.min(col0.size(), Math.min(col1.size(), col2.size()));
    double[][] cols = {sorted(col0, count), sorted(col1, count), sorted(col2, count)};
    double[] row = new double[GbdtFixtures.COLS];
    for (int c = 3; c < row.length; c++) {
      Double v = context.get(c - 3);
      row[c] = v == null ? Double.NaN : v;
    }
    double[] prices = new double[count * 3];
    for (int c = 0; c < count; c++) {
      for (int k = 0; k < 3; k++) {
        prices[c * 3 + k] = cols[k][c];
      }
    }
    double[] grid = new double[count];
    e.grid(GbdtFixtures.PRICE_COLUMNS).predict(row, prices, count, grid);
    double[] perRow = new double[count];
    for (int c = 0; c < count; c++) {
      System.arraycopy(prices, c * 3, row, 0, 3);
      perRow[c] = e.predict(row);
    }
    for (int c = 1; c < count; c++) {
      assertThat(grid[c]).as("grid %s over %s", Arrays.toString(grid), Arrays.toString(prices))
          .isLessThanOrEqualTo(grid[c - 1]);
      assertThat(perRow[c]).as("per row %s", Arrays.toString(perRow)).isLessThanOrEqualTo(perRow[c - 1]);
    }
  }

  private static double[] sorted(List<Double> values, int count) {
    double[] a = values.stream().mapToDouble(Double::doubleValue).limit(count).toArray();
    Arrays.sort(a);
    return a;
  }
}
