/**
 * Vertical pack for grocers: journeys in {@code workflows/grocer}, its own steps ({@code basketCategories},
 * {@code estimatePurchaseCycle}), offers in {@code packs/grocer/offers.json}.
 */
package io.genkend.pack.grocer;
