/**
 * A {@link dev.pricing.core.budget.BudgetStore} on Redis (Lettuce), so that a fleet of JVMs shares one promotion
 * budget, one cap on discounted customers and one per-customer coupon cap. Only a checkout that uses Redis
 * needs this module (and Lettuce).
 */
module dev.pricing.redis {
  requires transitive dev.pricing.core;
  requires lettuce.core;

  exports dev.pricing.redis;
}
