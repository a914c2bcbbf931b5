/**
 * Exploration and online learning: {@link dev.pricing.api.spi.PriceExplorer}s that trade the demand
 * model's best guess against learning from outcomes ({@link dev.pricing.core.explore.ThompsonSamplingExplorer},
 * {@link dev.pricing.core.explore.EpsilonGreedyExplorer}, per product and price cell;
 * {@link dev.pricing.core.explore.ContextualThompsonExplorer}, personalised), an optional
 * {@link dev.pricing.core.explore.PriceChangeCap}, and {@code dev.pricing.eval.RegretStudy} (module pricing-eval), which
 * measures an exploring engine's regret on the {@code dev.pricing.eval.MarketSimulator}.
 */
package dev.pricing.core.explore;
