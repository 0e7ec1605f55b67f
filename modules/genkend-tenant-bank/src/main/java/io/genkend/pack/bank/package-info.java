/**
 * Vertical pack for retail banks: journeys and the suitability DMN in {@code workflows/bank}, offers in
 * {@code io/genkend/pack/bank/offers.json} (format: docs/decisions.md).
 */
package io.genkend.pack.bank;
