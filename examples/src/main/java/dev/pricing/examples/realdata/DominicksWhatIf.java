package dev.pricing.examples.realdata;

import dev.pricing.api.Customer;
import dev.pricing.api.DemandKind;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.Guardrail;
import dev.pricing.api.Market;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PriceLadder;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.core.FeatureExtractors;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What-if on Dominick's: for every store and brand, the profit-maximising pack price under the fitted
 * demand, chosen by the library's engine within a 15% maximum change from the observed price, against the
 * observed price.
 *
 * <p>Demand at store s for brand b is constant-elasticity through the observed point: units(p) =
 * u_obs * (p / p_obs)^e_b, with e_b the brand's elasticity from {@link DominicksElasticity}; u_obs and p_obs are
 * the store-brand means over the last 12 weeks. The unit cost is assumed from the data's {@code profit}
 * column read as the retail margin in percent (cost = price * (1 - profit / 100), averaged per store-brand);
 * the data does not document it, so treat the profit figures as illustrative. Prices end in 9 cents.
 *
 * <p>Run: {@code mvn -q -pl examples exec:java -Ddemo.main=dev.pricing.examples.realdata.DominicksWhatIf
 * -Dexec.args=../shared/data/dominicks_oj}. Writes {@code target/real-data/oj-what-if.csv}.
 */
public final class DominicksWhatIf {
  static final int LAST_WEEKS = 12;

  private DominicksWhatIf() {}

  /**
   * Runs the what-if.
   *
   * @param args the data folder (default ../shared/data/dominicks_oj)
   * @throws IOException if the data cannot be read or the CSV written
   */
  public static void main(String[] args) throws IOException {
    Path dir = Dominicks.dataDir(args, "dominicks_oj");
    List<Dominicks.Row> rows = Dominicks.read(dir);
    double[] elasticity = new double[12];
    for (int b = 1; b <= 11; b++) {
      elasticity[b] = DominicksElasticity.estimate(rows, b).elasticity();
    }
    int lastWeek = rows.stream().mapToInt(Dominicks.Row::week).max().orElseThrow();
    Map<String, double[]> cells = new TreeMap<>(); // store-brand -> sum price, units, cost, count
    for (Dominicks.Row r : rows) {
      if (r.week() > lastWeek - LAST_WEEKS) {
        double[] c = cells.computeIfAbsent(r.store() + "-" + r.brand(), k -> new double[4]);
        double price = r.ownPackPrice();
        c[0] += price;
        c[1] += Math.exp(r.logMove());
        c[2] += price * (1 - r.profit() / 100);
        c[3]++;
      }
    }
    ConstantElasticity model = new ConstantElasticity();
    double[][] perBrand = new double[12][6]; // observed price, new price, observed profit, new profit, stores, at bound
    Path out = Path.of("target", "real-data", "oj-what-if.csv");
    Files.createDirectories(out.getParent());
    try (PricingEngine engine = PricingEngine.builder()
        .extractor(FeatureExtractors.product(List.of(), List.of("units_obs", "price_obs", "elasticity")))
        .demandModel(model)
        .guardrail(Guardrail.maxChange(0.15))
        .ladder(PriceLadder.endings(10, 9))
        .build();
         PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
      w.println("store,brand,observed_price,optimal_price,unit_cost,observed_profit,optimal_profit,binding");
      for (Map.Entry<String, double[]> e : cells.entrySet()) {
        String[] key = e.getKey().split("-");
        int store = Integer.parseInt(key[0]);
        int brand = Integer.parseInt(key[1]);
        double[] c = e.getValue();
        double pObs = c[0] / c[3];
        double units = c[1] / c[3];
        double cost = c[2] / c[3];
        BigDecimal ref = BigDecimal.valueOf(pObs).setScale(2, RoundingMode.HALF_UP);
        Product product = Product.builder(e.getKey(), "USD").listPrice(ref)
            .unitCost(BigDecimal.valueOf(cost).setScale(4, RoundingMode.HALF_UP)).category("orange juice")
            .title(Dominicks.BRANDS[brand - 1]).attribute("units_obs", units).attribute("price_obs", pObs)
            .attribute("elasticity", elasticity[brand]).build();
        PriceDecision d = engine.price(PricingRequest.of(Customer.anonymous(), product,
            Market.of(0, Instant.EPOCH)));
        double observedProfit = (pObs - cost) * units;
        double[] agg = perBrand[brand];
        agg[0] += pObs;
        agg[1] += d.price().doubleValue();
        agg[2] += observedProfit;
        agg[3] += d.expectedProfit();
        agg[4]++;
        agg[5] += d.bindingGuardrail().isPresent() ? 1 : 0;
        w.printf(Locale.ROOT, "%d,%s,%.4f,%s,%.4f,%.2f,%.2f,%s%n", store, Dominicks.BRANDS[brand - 1], pObs,
            d.price().toPlainString(), cost, observedProfit, d.expectedProfit(),
            d.bindingGuardrail().map(g -> g.id()).orElse(""));
      }
    }
    System.out.printf("What-if: profit-maximising pack price per store under the fitted demand, max change 15%%%n");
    System.out.printf("(prices: means over stores; profit: expected weekly profit summed over stores; last %d weeks)%n%n", LAST_WEEKS);
    System.out.printf("%-24s %10s %8s %9s %12s %12s %8s %12s%n", "brand", "elasticity", "obs $", "opt $",
        "obs $/week", "opt $/week", "change", "at 15% cap");
    for (int b = 1; b <= 11; b++) {
      double[] a = perBrand[b];
      System.out.printf(Locale.ROOT, "%-24s %10.2f %8.2f %9.2f %12.1f %12.1f %+7.1f%% %8.0f/%.0f%n",
          Dominicks.BRANDS[b - 1], elasticity[b], a[0] / a[4], a[1] / a[4], a[2], a[3], 100 * (a[3] / a[2] - 1), a[5], a[4]);
    }
    System.out.println("\nWrote " + out.toAbsolutePath());
  }

  /**
   * Constant-elasticity unit demand through an observed point: units(p) = u_obs * (p / p_obs)^e, read from
   * the product attributes {@code units_obs}, {@code price_obs} and {@code elasticity}. Monotone for e &lt;= 0.
   */
  static final class ConstantElasticity implements DemandModel {
    @Override
    public String version() {
      return "dominicks-loglog-fe";
    }

    @Override
    public DemandKind kind() {
      return DemandKind.EXPECTED_UNITS;
    }

    @Override
    public Scorer bind(FeatureSchema schema) {
      int u = schema.require("product.attr.units_obs");
      int p0 = schema.require("product.attr.price_obs");
      int el = schema.require("product.attr.elasticity");
      return (x, prices, count, out) -> {
        double e = Math.min(x[el], 0);
        for (int i = 0; i < count; i++) {
          out[i] = x[u] * Math.pow(prices[i] / x[p0], e);
        }
      };
    }
  }

}
