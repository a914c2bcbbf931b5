/**
 * Exploration and online learning: {@link dev.pricing.api.spi.PriceExplorer}s that trade the demand
 * model's best guess against learning from outcomes ({@link dev.pricing.core.explore.ThompsonSamplingExplorer},
 * {@link dev.pricing.core.explore.EpsilonGreedyExplorer}, per product and price cell;
 * {@link dev.pricing.core.explore.ContextualThompsonExplorer}, personalised), an optional
 * {@link dev.pricing.core.explore.PriceChangeCap}, and {@link dev.pricing.eval.RegretStudy}, which
 * measures an exploring engine's regret on the {@link dev.pricing.eval.MarketSimulator}.
 */
package dev.pricing.core.explore;
