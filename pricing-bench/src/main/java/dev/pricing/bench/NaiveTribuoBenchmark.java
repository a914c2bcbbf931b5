package dev.pricing.bench;

import dev.pricing.api.FeatureSchema;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LogisticRegressionTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The reference a user would otherwise write: the same decision (same features, same 48 candidate prices)
 * computed by building a Tribuo example per candidate and calling {@code Model.predict} on each.
 *
 * <p>Run: {@code java -jar pricing-bench/target/benchmarks.jar NaiveTribuoBenchmark -prof gc}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class NaiveTribuoBenchmark {

  /** A Tribuo logistic model over the engine's features plus the relative price, and the request pool. */
  @State(Scope.Thread)
  public static class Data {
    PricingEngine engine;
    PricingRequest[] requests;
    Model<Label> model;
    String[] names;
    int next;

    /** Trains the Tribuo model on logged offers drawn from the benchmark's own demand model. */
    @Setup(Level.Trial)
    public void setUp() {
      engine = BenchData.engine(BenchData.logisticModel(7));
      requests = BenchData.requests(11, 4096);
      FeatureSchema schema = engine.schema();
      names = new String[schema.size() + 1];
      for (int j = 0; j < schema.size(); j++) {
        names[j] = schema.name(j);
      }
      names[schema.size()] = "price.relative";
      LabelFactory labels = new LabelFactory();
      MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("bench offers", labels), labels);
      Random r = new Random(5);
      var truth = BenchData.logisticModel(7).bind(schema);
      double[] p = new double[1];
      double[] d = new double[1];
      for (int i = 0; i < 20_000; i++) {
        PricingRequest req = requests[r.nextInt(requests.length)];
        double[] x = engine.features(req).toArray();
        double list = req.product().listPrice().doubleValue();
        p[0] = list * (0.7 + 0.6 * r.nextDouble());
        truth.score(x, p, 1, d);
        double[] values = java.util.Arrays.copyOf(x, x.length + 1);
        values[x.length] = p[0] / list;
        data.add(new ArrayExample<>(new Label(r.nextDouble() < d[0] ? "buy" : "skip"), names, values));
      }
      model = new LogisticRegressionTrainer().train(data);
    }

    /** Closes the engine used for feature extraction. */
    @TearDown(Level.Trial)
    public void tearDown() {
      engine.close();
    }
  }

  /**
   * Extracts features, then predicts each of 48 candidates with Tribuo and keeps the most profitable.
   *
   * @param s the data
   * @return the best price
   */
  @Benchmark
  public double naiveDecision(Data s) {
    int i = s.next;
    s.next = (i + 1) & (s.requests.length - 1);
    PricingRequest req = s.requests[i];
    double[] x = s.engine.features(req).toArray();
    double list = req.product().listPrice().doubleValue();
    double cost = req.product().unitCost().doubleValue();
    double best = Double.NEGATIVE_INFINITY;
    double bestPrice = list;
    for (int k = 0; k < BenchData.CANDIDATES; k++) {
      double price = Math.floor(list * (0.7 + 0.6 * k / (BenchData.CANDIDATES - 1))) + 0.99;
      double[] values = java.util.Arrays.copyOf(x, x.length + 1);
      values[x.length] = price / list;
      Prediction<Label> pred = s.model.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, s.names, values));
      double demand = pred.getOutputScores().get("buy").getScore();
      double profit = (price - cost) * demand;
      if (profit > best) {
        best = profit;
        bestPrice = price;
      }
    }
    return bestPrice;
  }
}
