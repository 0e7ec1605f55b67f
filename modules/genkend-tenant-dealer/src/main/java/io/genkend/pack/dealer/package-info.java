/**
 * Vertical pack for car dealers and workshops: journeys in {@code workflows/dealer}, offers in
 * {@code packs/dealer/offers.json}.
 */
package io.genkend.pack.dealer;
