/**
 * The REST API's common ground: RFC 9457 problem answers for every error, and the OpenAPI description at
 * {@code /v3/api-docs}. Each module serves its own resources under {@code /api/v1}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "API")
package io.genkend.api;
