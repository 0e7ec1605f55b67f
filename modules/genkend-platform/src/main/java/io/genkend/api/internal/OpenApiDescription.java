package io.genkend.api.internal;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description's header at {@code /v3/api-docs}: the product's name and the API-key scheme
 * ({@code Authorization: Bearer <api key>}) that every {@code /api/v1} call needs.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDescription {

    @Bean
    OpenAPI genkendOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Genkend API").version("v1")
                        .description("Events in, customers, journeys, tasks, offers, decisions, outreach and "
                                + "webhooks of one tenant. Errors are RFC 9457 application/problem+json."))
                .components(new Components().addSecuritySchemes("apiKey", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").description("A tenant's API key")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
}
