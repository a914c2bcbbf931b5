package dev.pricing.core.demand;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.spi.DemandModel;
import dev.pricing.api.spi.FeatureExtractor;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A runnable walk-through: write an offer log as CSV, train a logistic conversion model from it with the
 * same extractors the engine would use, print the evaluation, save and reload the artifact, bind it and
 * score a 32-price grid, and time the compiled scorer against Tribuo's own {@code predict}.
 *
 * <pre>
 * mvn -q -pl pricing-core -am install -DskipTests
 * mvn -q -pl pricing-core test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.pricing.core.demand.TrainFromLogExample
 * </pre>
 */
public final class TrainFromLogExample {
  private TrainFromLogExample() {}

  /**
   * Runs the example.
   *
   * @param args optional: the number of offers to generate (default 30000)
   * @throws Exception if a file cannot be written or read
   */
  public static void main(String[] args) throws Exception {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 30_000;
    Path dir = Files.createTempDirectory("demand-example");
    Path csv = dir.resolve("offers.csv");

    // 1. An offer log. In production this is your own export in the documented CSV schema.
    try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      OfferLogCsv.write(SyntheticOffers.conversions(new SyntheticOffers.Conversion(3.0, 1.0, 4.0), rows, 1), w);
    }

    // 2. Train with the extractors the engine will serve with (same order = same schema).
    List<FeatureExtractor> extractors = SyntheticOffers.extractors();
    OfferLogCsv log = OfferLogCsv.open(csv, MalformedRowPolicy.SKIP_AND_COUNT);
    TrainingResult result = DemandModelTrainer.builder(DemandAlgorithm.LOGISTIC_SGD)
        .extractors(extractors)
        .priceFeatures(PriceFeatures.of(PriceTerm.RELATIVE).withInteractions(List.of("customer.attr.regular")))
        .split(ValidationSplit.latestFraction(0.2))
        .version("conversion-example-1")
        .build()
        .train(log);
    System.out.println("read " + log.rowsRead() + " offers, skipped " + log.malformedRows() + " malformed rows");
    System.out.println(result.evaluation().report());

    // 3. Ship it as an artifact; load it back, refusing any other schema.
    Path artifact = dir.resolve("conversion.pdm");
    result.model().save(artifact);
    FeatureSchema schema = DemandModelTrainer.schemaOf(extractors);
    TrainedDemandModel model = TrainedDemandModel.load(artifact, schema);
    System.out.println("loaded " + model + " from " + artifact);

    // 4. Bind once (engine build / hot swap), then score grids on the hot path.
    DemandModel.Scorer scorer = model.bind(schema);
    double[] features = {19.99, 0, 1, 5}; // list price, vip, regular, views
    double[] grid = new double[32];
    for (int i = 0; i < grid.length; i++) {
      grid[i] = Math.round((12 + i * 0.5) * 100) / 100.0;
    }
    double[] out = new double[grid.length];
    scorer.score(features, grid, grid.length, out);
    System.out.printf(Locale.ROOT, "P(buy) at %.2f = %.4f, at %.2f = %.4f%n", grid[0], out[0], grid[31], out[31]);

    // 5. Rough timing (not a JMH benchmark): compiled grid vs Tribuo predict per price.
    int reps = 200_000;
    long t0 = System.nanoTime();
    double sink = 0;
    for (int r = 0; r < reps; r++) {
      scorer.score(features, grid, grid.length, out);
      sink += out[r & 31];
    }
    double compiledNs = (System.nanoTime() - t0) / (double) reps;
    int tribuoReps = 5_000;
    long t1 = System.nanoTime();
    for (int r = 0; r < tribuoReps; r++) {
      sink += model.predictWithTribuo(features, grid, false)[r & 31];
    }
    double tribuoNs = (System.nanoTime() - t1) / (double) tribuoReps;
    System.out.printf(Locale.ROOT, "32-price grid: compiled %.2f us, Tribuo predict %.1f us (%.0fx) [sink %.1f]%n",
        compiledNs / 1000, tribuoNs / 1000, tribuoNs / compiledNs, sink);
  }
}
