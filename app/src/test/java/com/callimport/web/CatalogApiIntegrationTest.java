package com.callimport.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

@EngineIntegrationTest
class CatalogApiIntegrationTest {
    @LocalServerPort
    int port;

    private ApiClient customer() {
        return ApiClient.at(port, "test-bootstrap-token").newOrganization("Sales Co");
    }

    @Test
    void listsSupportedAndUnsupportedPlatformsWithRequirementsPricingAndTimeline() {
        JsonNode rows = customer().get("/api/catalog").json();

        List<String> platforms = new ArrayList<>();
        rows.forEach(row -> platforms.add(row.get("platform").asString()));
        assertThat(platforms).contains("gong", "chorus", "otter", "microsoft-teams");
        JsonNode gong = customer().get("/api/catalog/gong").json();
        assertThat(gong.get("status").asString()).isEqualTo("Supported");
        assertThat(gong.get("requirements").asString()).contains("technical administrator");
        assertThat(gong.get("pricing").asString()).isEqualTo("First 1,000 calls free, then USD 0.10 per call");
        assertThat(gong.get("timeline").asString()).startsWith("Same day up to ~");
        JsonNode otter = customer().get("/api/catalog/otter").json();
        assertThat(otter.get("status").asString()).isEqualTo("Not supported");
        assertThat(otter.get("note").asString()).contains("No API");
    }

    @Test
    void anUnknownPlatformIsA404ListingTheKnownOnes() {
        ApiClient.Reply reply = customer().get("/api/catalog/myspace");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.text("detail")).contains("myspace").contains("gong").contains("chorus");
    }

    @Test
    void exportsTheMatrixAsCsvForNotion() {
        ApiClient.Reply csv = customer().get("/api/catalog/export.csv");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body().lines().findFirst().orElseThrow()).isEqualTo("Platform,Status,Requirements,Data,Pricing,Timeline,Limits,Note");
        assertThat(csv.body()).contains("\"Gong\",\"Supported\"");
    }
}
