/**
 * Vertical pack for retail banks: journeys and the suitability DMN in {@code workflows/bank}, offers in
 * {@code packs/bank/offers.json}.
 */
package io.genkend.pack.bank;
