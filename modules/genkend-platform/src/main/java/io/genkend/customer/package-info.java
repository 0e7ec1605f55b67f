/**
 * Customers: profiles with traits and identities, consent per purpose and channel, and the GDPR rights of access
 * (export) and erasure.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Customer")
package io.genkend.customer;
