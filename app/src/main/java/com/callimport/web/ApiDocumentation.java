package com.callimport.web;

import com.callimport.organizations.OrganizationId;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.core.io.ClassPathResource;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs}, usable by a client generator as it is: every operation
 * declares the bearer token it needs (or none, for the few public ones), and the organization, which the
 * token decides, is no parameter.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {
    static final String API_TOKEN = "apiToken";
    static final String OPERATOR_TOKEN = "operatorToken";

    static {
        // resolved from the token by CurrentOrganization, never sent by the client
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(OrganizationId.class);
    }

    @Bean
    OpenApiCustomizer securitySchemes() {
        return openApi -> {
            Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
            components.addSecuritySchemes(API_TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                    .description("Your organization's API token (cie_…); manage tokens at /api/tokens"));
            components.addSecuritySchemes(OPERATOR_TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                    .description("The operator's bootstrap token (CALLIMPORT_BOOTSTRAP_TOKEN)"));
            components.addSchemas("CallV1", callSchema());
            openApi.setComponents(components);
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> item.readOperations().forEach(operation ->
                    operation.setSecurity(requirementFor(path))));
        };
    }

    /** The call shape events carry, from the JSON Schema published at /v3/api-docs/schemas/call-v1.json. */
    @SuppressWarnings("rawtypes")
    private static Schema callSchema() {
        try (InputStream file = new ClassPathResource(EventsApi.CALL_SCHEMA).getInputStream()) {
            ObjectNode schema = (ObjectNode) Json31.mapper().readTree(file);
            schema.remove(List.of("$schema", "$id"));
            return Json31.mapper().treeToValue(schema, Schema.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the call schema " + EventsApi.CALL_SCHEMA + " is missing from the build", e);
        }
    }

    private static List<SecurityRequirement> requirementFor(String path) {
        if (path.startsWith("/webhooks/") || path.equals("/oauth/callback")) {
            return List.of();
        }
        if (path.startsWith("/api/admin")) {
            return List.of(new SecurityRequirement().addList(OPERATOR_TOKEN));
        }
        return List.of(new SecurityRequirement().addList(API_TOKEN));
    }
}
