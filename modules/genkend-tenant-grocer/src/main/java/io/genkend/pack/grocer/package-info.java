/**
 * Vertical pack for grocers: journeys in {@code workflows/grocer}, its own steps ({@code basketCategories},
 * {@code estimatePurchaseCycle}), offers in {@code io/genkend/pack/grocer/offers.json} (format: docs/decisions.md).
 */
package io.genkend.pack.grocer;
