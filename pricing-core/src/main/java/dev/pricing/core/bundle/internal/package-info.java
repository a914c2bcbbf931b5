/**
 * Implementation of the bundle choice model (quasi-random draws of willingness to pay, the fit of an item's
 * demand curve); not an API. Exported only to {@code dev.pricing.eval}, whose bundle experiment scores the
 * simulator's truth with the same choice model.
 */
package dev.pricing.core.bundle.internal;
