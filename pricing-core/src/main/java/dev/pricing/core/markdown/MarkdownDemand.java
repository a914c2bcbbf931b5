package dev.pricing.core.markdown;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import dev.pricing.core.trend.SeriesState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Expected demand (units) of each product of a plan in each period at a candidate price: the mean around
 * which {@link DemandDistribution} spreads a period's demand.
 *
 * <p>Implementations are deterministic and thread-safe (a catalogue is planned on several threads).
 */
@FunctionalInterface
public interface MarkdownDemand {

  /**
   * Writes the expected units of one product in one period at each price.
   *
   * @param product the product's index in the problem (0 for a single product)
   * @param period the period, counted from the season's start
   * @param prices the candidate prices, in the product's currency
   * @param count how many prices
   * @param out receives the expected units at each price, finite and non-negative
   */
  void expectedUnits(int product, int period, double[] prices, int count, double[] out);

  /**
   * Returns the demand of one product from a demand model: in period {@code t}, {@code traffic[t]} offers
   * (visits) to customers like {@code contexts.get(t)}, each buying with the model's probability (or, for
   * a units model, the model's expected units per offer), averaged over the contexts.
   *
   * @param model the demand model (trained or parametric)
   * @param extractors the extractors the model was trained with, in order
   * @param contexts per period, the requests whose average demand stands for the period's visitors
   * @param traffic per period, the expected number of offers (for example {@link #trafficForecast})
   * @return the demand
   * @throws IllegalArgumentException if the lists are empty or of different lengths, a period has no
   *     context, a traffic value is negative or not finite, or the model lacks a feature
   */
  static MarkdownDemand fromModel(DemandModel model, List<? extends FeatureExtractor> extractors,
      List<List<PricingRequest>> contexts, double[] traffic) {
    return fromModel(model, extractors, List.of(contexts), new double[][] {traffic});
  }

  /**
   * Returns the demand of a group of products from one demand model (see the single-product form).
   *
   * @param model the demand model
   * @param extractors the extractors the model was trained with
   * @param contexts per product, per period, the requests standing for the period's visitors
   * @param traffic per product, per period, the expected number of offers
   * @return the demand
   * @throws IllegalArgumentException as the single-product form
   */
  static MarkdownDemand fromModel(DemandModel model, List<? extends FeatureExtractor> extractors,
      List<List<List<PricingRequest>>> contexts, double[][] traffic) {
    Objects.requireNonNull(model, "model");
    if (extractors == null || extractors.isEmpty()) {
      throw new IllegalArgumentException("extractors must not be empty");
    }
    if (contexts == null || contexts.isEmpty() || traffic == null || traffic.length != contexts.size()) {
      throw new IllegalArgumentException("contexts and traffic must have one entry per product, found "
          + (contexts == null ? null : contexts.size()) + " and " + (traffic == null ? null : traffic.length));
    }
    List<String> names = new ArrayList<>();
    int[] offsets = new int[extractors.size()];
    for (int i = 0; i < extractors.size(); i++) {
      offsets[i] = names.size();
      names.addAll(extractors.get(i).featureNames());
    }
    FeatureSchema schema = FeatureSchema.of(names);
    DemandModel.Scorer scorer = model.bind(schema);
    double[][][][] x = new double[contexts.size()][][][];
    for (int p = 0; p < contexts.size(); p++) {
      List<List<PricingRequest>> byPeriod = contexts.get(p);
      if (byPeriod.size() != traffic[p].length) {
        throw new IllegalArgumentException("contexts[" + p + "] has " + byPeriod.size() + " periods but traffic["
            + p + "] has " + traffic[p].length);
      }
      x[p] = new double[byPeriod.size()][][];
      for (int t = 0; t < byPeriod.size(); t++) {
        double v = traffic[p][t];
        if (!(v >= 0) || !Double.isFinite(v)) {
          throw new IllegalArgumentException("traffic[" + p + "][" + t + "] must be finite and non-negative, found " + v);
        }
        List<PricingRequest> rs = byPeriod.get(t);
        if (rs.isEmpty()) {
          throw new IllegalArgumentException("contexts[" + p + "][" + t + "] must not be empty");
        }
        x[p][t] = new double[rs.size()][];
        for (int c = 0; c < rs.size(); c++) {
          double[] f = new double[schema.size()];
          for (int e = 0; e < extractors.size(); e++) {
            extractors.get(e).extract(rs.get(c), f, offsets[e]);
          }
          for (int j = 0; j < f.length; j++) {
            if (!Double.isFinite(f[j])) {
              throw new IllegalArgumentException("feature '" + schema.name(j) + "' must be finite, found " + f[j]
                  + " (contexts[" + p + "][" + t + "][" + c + "])");
            }
          }
          x[p][t][c] = f;
        }
      }
    }
    double[][] trafficCopy = new double[traffic.length][];
    for (int p = 0; p < traffic.length; p++) {
      trafficCopy[p] = traffic[p].clone();
    }
    return new ModelDemand(scorer, x, trafficCopy);
  }

  /**
   * Returns the expected demand per period from a demand tracker's forecast: the forecast {@code h = 1 ..
   * periods} periods ahead, floored at zero (a {@link dev.pricing.core.trend.TrendTracker} keeps one
   * {@link SeriesState} of units per product and period).
   *
   * @param demand the demand series
   * @param periods how many periods, positive
   * @return the forecasts
   * @throws IllegalArgumentException if periods is not positive
   */
  static double[] trafficForecast(SeriesState demand, int periods) {
    Objects.requireNonNull(demand, "demand");
    if (periods <= 0) {
      throw new IllegalArgumentException("periods must be positive, found " + periods);
    }
    double[] out = new double[periods];
    for (int h = 1; h <= periods; h++) {
      out[h - 1] = Math.max(0, demand.forecast(h));
    }
    return out;
  }
}
