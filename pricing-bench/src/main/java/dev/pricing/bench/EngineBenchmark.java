package dev.pricing.bench;

import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code engine.price()} end to end: ~60 features, 48 candidate prices, guardrails on, with a compiled
 * logistic or CART model trained by the library (Tribuo), or the parametric logistic model.
 *
 * <p>Run: {@code java -jar pricing-bench/target/benchmarks.jar EngineBenchmark -prof gc}
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EngineBenchmark {

  /** The engine and the request pool, shared by all threads. */
  @State(Scope.Benchmark)
  public static class Engine {
    /** Which demand model the engine scores with. */
    @Param({"logistic", "glm", "gbdt", "gbdt-default", "cart"})
    public String model;

    PricingEngine engine;
    PricingRequest[] requests;

    /** Trains the model, builds the engine and pre-generates 4096 varied requests. */
    @Setup(Level.Trial)
    public void setUp() {
      engine = BenchData.engine(model.equals("parametric") ? BenchData.logisticModel(7) : BenchModels.train(model));
      requests = BenchData.requests(11, 4096);
    }

    /** Closes the engine. */
    @TearDown(Level.Trial)
    public void tearDown() {
      engine.close();
    }
  }


  /**
   * One decision, one thread.
   *
   * @param e the engine
   * @param c the cursor
   * @return the decision
   */
  @Benchmark
  @Threads(1)
  public PriceDecision price1(Engine e, RequestCursor c) {
    return e.engine.price(e.requests[c.advance(e.requests.length)]);
  }

  /**
   * One decision, two threads on the same engine.
   *
   * @param e the engine
   * @param c the cursor
   * @return the decision
   */
  @Benchmark
  @Threads(2)
  public PriceDecision price2(Engine e, RequestCursor c) {
    return e.engine.price(e.requests[c.advance(e.requests.length)]);
  }
}
