/**
 * Events in: Segment- and CloudEvents-compatible ingestion, deduplication, inbound webhooks of tenant systems.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Event")
package io.genkend.event;
