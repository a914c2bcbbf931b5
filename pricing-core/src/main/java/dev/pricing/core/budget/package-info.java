/**
 * Budgets shared by a fleet of JVMs without putting the network on the pricing thread.
 *
 * <p>A {@link dev.pricing.core.budget.BudgetStore} holds the authoritative counters (a limit, the spend reported
 * so far, and the quota leased to each JVM but not yet spent). Each JVM opens one
 * {@link dev.pricing.core.budget.BudgetLeases}, which leases quota from the store in chunks on a background
 * thread; the pricing thread draws from the local chunk through {@link dev.pricing.core.budget.LeasedQuota}
 * and never waits on the store. Leases carry a time to live: a JVM that dies stops renewing and its unspent
 * quota returns to the pool when the lease expires; a JVM that closes returns it at once. A JVM that cannot reach
 * the store stops spending when its lease would have expired, so the fleet's total spend stays within the
 * limit plus one chunk per JVM (see {@code docs/fleet.md}).
 *
 * <p>{@link dev.pricing.core.budget.InMemoryBudgetStore} is the default, single-JVM store; the
 * {@code pricing-redis} module provides one on Redis.
 */
package dev.pricing.core.budget;
