package dev.pricing.core.markdown;

import dev.pricing.api.EngineHealth;
import dev.pricing.api.FeatureSchema;
import dev.pricing.api.FeatureVector;
import dev.pricing.api.Guardrail;
import dev.pricing.api.Outcome;
import dev.pricing.api.PriceDecision;
import dev.pricing.api.PricingEngine;
import dev.pricing.api.PricingRequest;
import dev.pricing.api.Product;
import dev.pricing.api.ReasonCode;
import dev.pricing.api.spi.DemandModel;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An engine whose requests are anchored on a markdown plan. For a product the {@link PlannedPrices} cover,
 * the planned price becomes the request's reference price (so maximum-change guardrails, the search range
 * and the safe fallback price are measured from the plan); with a band {@code b > 0}, the price also stays
 * within {@code [plan * (1 - b), plan * (1 + b)]}: the plan is the base that personalisation moves within.
 * Such decisions carry {@link ReasonCode#MARKDOWN_PLAN} (last) and report the plan as their reference price.
 * Products without a plan are priced by the wrapped engine unchanged.
 *
 * <p>The band is added as a floor and a ceiling guardrail on a copy of the product (cached per product and
 * planned price), so a binding band shows as the {@code floor} or {@code ceiling} guardrail. A band that
 * contradicts the product's own guardrails falls back to the plan as reference only.
 *
 * <p>Thread-safe when the wrapped engine and the planned prices are. Closing it closes the wrapped engine.
 */
public final class PlanGuidedEngine implements PricingEngine {
  private final PricingEngine engine;
  private final PlannedPrices plans;
  private final double band;
  private final ConcurrentHashMap<String, Banded> banded = new ConcurrentHashMap<>();

  private record Banded(Product source, BigDecimal planned, Product product) {}

  private PlanGuidedEngine(PricingEngine engine, PlannedPrices plans, double band) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.plans = Objects.requireNonNull(plans, "plans");
    this.band = band;
  }

  /**
   * Returns an engine that uses the plan as each planned product's reference price.
   *
   * @param engine the engine to wrap
   * @param plans the planned prices
   * @return the engine
   */
  public static PlanGuidedEngine asReference(PricingEngine engine, PlannedPrices plans) {
    return new PlanGuidedEngine(engine, plans, 0);
  }

  /**
   * Returns an engine that keeps each planned product's price within a band around the plan.
   *
   * @param engine the engine to wrap
   * @param plans the planned prices
   * @param band the band's half-width as a fraction of the planned price, in (0, 1)
   * @return the engine
   * @throws IllegalArgumentException if the band is outside (0, 1)
   */
  public static PlanGuidedEngine withinBand(PricingEngine engine, PlannedPrices plans, double band) {
    if (!(band > 0 && band < 1)) {
      throw new IllegalArgumentException("band must be in (0, 1), found " + band);
    }
    return new PlanGuidedEngine(engine, plans, band);
  }

  /** @return the band's half-width, 0 when the plan is the reference only */
  public double band() {
    return band;
  }

  @Override
  public PriceDecision price(PricingRequest request) {
    Objects.requireNonNull(request, "request");
    PricingRequest guided = guide(request);
    if (guided == request) {
      return engine.price(request);
    }
    PriceDecision d = engine.price(guided);
    List<ReasonCode> reasons = new ArrayList<>(d.reasons().size() + 1);
    reasons.addAll(d.reasons());
    reasons.add(ReasonCode.MARKDOWN_PLAN);
    return new PriceDecision(d.decisionId(), d.productId(), d.currency(), d.price(), d.proposedPrice(),
        d.referencePrice(), d.expectedConversion(), d.expectedRevenue(), d.expectedProfit(), d.baselinePrice(),
        d.baselineExpectedProfit(), d.bindingGuardrail(), reasons, d.modelVersion(), d.personalised(), d.propensity(),
        d.contributions());
  }

  /** Returns the request the wrapped engine sees: the plan as reference and, with a band, the banded product. */
  PricingRequest guide(PricingRequest request) {
    BigDecimal planned = plans.plannedPrice(request);
    if (planned == null) {
      return request;
    }
    Product product = request.product();
    int digits = product.currency().getDefaultFractionDigits();
    if (planned.signum() <= 0 || planned.stripTrailingZeros().scale() > digits) {
      throw new IllegalArgumentException("planned price for product " + product.id() + " must be positive in the"
          + " currency's minor unit, found " + planned.toPlainString());
    }
    if (band > 0) {
      product = bandedProduct(product, planned);
    }
    return PricingRequest.of(request.customer(), product, request.market().withReferencePrice(planned));
  }

  private Product bandedProduct(Product product, BigDecimal planned) {
    Banded b = banded.get(product.id());
    if (b != null && b.source == product && b.planned.compareTo(planned) == 0) {
      return b.product;
    }
    int digits = product.currency().getDefaultFractionDigits();
    BigDecimal lo = planned.multiply(BigDecimal.valueOf(1 - band)).setScale(digits, RoundingMode.CEILING);
    BigDecimal hi = planned.multiply(BigDecimal.valueOf(1 + band)).setScale(digits, RoundingMode.FLOOR);
    Product out;
    try {
      List<Guardrail> gs = new ArrayList<>(product.guardrails());
      gs.add(new Guardrail.Floor(lo));
      gs.add(new Guardrail.Ceiling(hi));
      out = new Product(product.id(), product.currency(), product.listPrice(), product.unitCost(), product.category(),
          product.title(), product.attributes(), gs);
    } catch (IllegalArgumentException e) {
      out = product;
    }
    banded.put(product.id(), new Banded(product, planned, out));
    return out;
  }

  @Override
  public FeatureVector features(PricingRequest request) {
    return engine.features(guide(Objects.requireNonNull(request, "request")));
  }

  @Override
  public FeatureSchema schema() {
    return engine.schema();
  }

  @Override
  public String modelVersion() {
    return engine.modelVersion();
  }

  @Override
  public void swapModel(DemandModel model) {
    engine.swapModel(model);
  }

  @Override
  public void record(Outcome outcome) {
    engine.record(outcome);
  }

  @Override
  public EngineHealth health() {
    return engine.health();
  }

  @Override
  public void close() {
    engine.close();
  }

  @Override
  public String toString() {
    return "PlanGuidedEngine{band=" + band + ", engine=" + engine + "}";
  }
}
