package com.callimport.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.EngineIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document is one a client generator can use as it is. */
@EngineIntegrationTest
class ApiDocumentIntegrationTest {
    @LocalServerPort
    int port;

    @Test
    void declaresTheBearerTokenEachOperationNeedsAndNoOrganizationParameter() {
        JsonNode document = ApiClient.at(port, null).get("/v3/api-docs").json();

        JsonNode scheme = document.at("/components/securitySchemes/apiToken");
        assertThat(scheme.get("type").asString()).isEqualTo("http");
        assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            String where = operation.getKey().toUpperCase() + " " + path.getKey();
            JsonNode parameters = operation.getValue().get("parameters");
            if (parameters != null) {
                parameters.valueStream().forEach(parameter ->
                        assertThat(parameter.get("name").asString()).as(where).isNotEqualTo("organization"));
            }
            JsonNode security = operation.getValue().get("security");
            assertThat(security).as(where + " declares its security").isNotNull();
            if (path.getKey().startsWith("/api/admin")) {
                assertThat(security.toString()).as(where).contains("operatorToken");
            } else if (path.getKey().startsWith("/api/")) {
                assertThat(security.toString()).as(where).contains("apiToken");
            }
        }));
        assertThat(document.at("/paths/~1webhooks~1{addressId}/post/security")).as("vendors post webhooks without a token").isEmpty();
    }
}
