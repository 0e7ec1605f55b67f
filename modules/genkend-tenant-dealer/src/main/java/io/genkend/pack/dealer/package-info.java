/**
 * Vertical pack for car dealers and workshops: journeys in {@code workflows/dealer}, offers in
 * {@code io/genkend/pack/dealer/offers.json} (format: docs/decisions.md).
 */
package io.genkend.pack.dealer;
