package com.callimport.web;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What an attacker (or a careless script) sends: each gets a 400 naming the field, and nothing is stored. */
@EngineIntegrationTest
class BadInputIntegrationTest {
    private static final Map<String, String> GONG_CREDENTIALS =
            Map.of("baseUrl", "https://us-1.api.gong.io", "accessKey", "AK-1", "accessKeySecret", "very-secret");

    @LocalServerPort
    int port;

    ApiClient admin;
    ApiClient acme;

    @BeforeEach
    void organizations() {
        admin = ApiClient.at(port, "test-bootstrap-token");
        acme = admin.newOrganization("Acme");
    }

    private String gongConnection() {
        return acme.post("/api/connections", json("platform", "gong", "credentials", GONG_CREDENTIALS)).text("id");
    }

    @Test
    void aNulCharacterInANameOrSettingIsA400NamingTheField() {
        ApiClient.Reply organization = admin.post("/api/admin/organizations", json("name", "Ac\u0000me"));
        assertThat(organization.status()).isEqualTo(400);
        assertThat(organization.text("detail")).startsWith("name:");

        ApiClient.Reply name = acme.post("/api/connections", json("platform", "gong", "name", "Gong\u0000",
                "credentials", GONG_CREDENTIALS));
        assertThat(name.status()).isEqualTo(400);
        assertThat(name.text("detail")).startsWith("name:");

        ApiClient.Reply setting = acme.post("/api/connections", json("platform", "gong", "credentials", GONG_CREDENTIALS,
                "settings", Map.of("includePrivateCalls", "tr\u0000ue")));
        assertThat(setting.status()).isEqualTo(400);
        assertThat(setting.text("detail")).startsWith("settings.includePrivateCalls:");

        ApiClient.Reply secret = acme.post("/api/connections", json("platform", "gong",
                "credentials", Map.of("baseUrl", "https://us-1.api.gong.io", "accessKey", "AK\u0000", "accessKeySecret", "s")));
        assertThat(secret.status()).isEqualTo(400);
        assertThat(secret.text("detail")).startsWith("credentials.accessKey:");

        assertThat(acme.get("/api/connections").json()).isEmpty();
    }

    @Test
    void datesFarOutsideTheAcceptedRangeAreA400SayingTheRange() {
        String connection = gongConnection();

        ApiClient.Reply farFuture = acme.post("/api/import-runs", json("connectionId", connection,
                "from", "2026-01-01T00:00:00Z", "to", "+1000000000-01-01T00:00:00Z"));
        assertThat(farFuture.status()).isEqualTo(400);
        assertThat(farFuture.text("detail")).startsWith("to:").contains("2000-01-01");

        ApiClient.Reply farPast = acme.post("/api/connections/" + connection + "/preview", json(
                "from", "-1000000000-01-01T00:00:00Z", "to", "2026-01-01T00:00:00Z"));
        assertThat(farPast.status()).isEqualTo(400);
        assertThat(farPast.text("detail")).startsWith("from:").contains("2000-01-01");

        assertThat(acme.get("/api/import-runs").json()).isEmpty();
    }

    @Test
    void aWindowOverCenturiesOrLongerThanTheMaximumSpanIsRefusedBeforeAnythingIsPlanned() {
        String connection = gongConnection();

        ApiClient.Reply centuries = acme.post("/api/import-runs", json("connectionId", connection,
                "from", "0001-01-01T00:00:00Z", "to", "9999-12-31T00:00:00Z"));
        assertThat(centuries.status()).isEqualTo(400);
        assertThat(centuries.text("detail")).startsWith("from:").contains("2000-01-01");

        ApiClient.Reply tooLong = acme.post("/api/import-runs", json("connectionId", connection,
                "from", "2001-01-01T00:00:00Z", "to", "2026-01-01T00:00:00Z"));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.text("detail")).contains("3,653 days");

        assertThat(acme.get("/api/import-runs").json()).isEmpty();
    }

    @Test
    void oversizedNamesAndSecretsAreA400NamingTheFieldAndItsLimit() {
        ApiClient.Reply organization = admin.post("/api/admin/organizations", json("name", "A".repeat(201)));
        assertThat(organization.status()).isEqualTo(400);
        assertThat(organization.text("detail")).startsWith("name:").contains("200 characters");

        ApiClient.Reply name = acme.post("/api/connections", json("platform", "gong", "name", "G".repeat(201),
                "credentials", GONG_CREDENTIALS));
        assertThat(name.status()).isEqualTo(400);
        assertThat(name.text("detail")).startsWith("name:").contains("200 characters").doesNotContain("GGGG");

        ApiClient.Reply secret = acme.post("/api/connections", json("platform", "gong", "credentials",
                Map.of("baseUrl", "https://us-1.api.gong.io", "accessKey", "AK-1", "accessKeySecret", "s".repeat(5000))));
        assertThat(secret.status()).isEqualTo(400);
        assertThat(secret.text("detail")).startsWith("credentials.accessKeySecret:").contains("4,096 characters").doesNotContain("ssss");

        assertThat(acme.get("/api/connections").json()).isEmpty();
    }

    @Test
    void aBodyOfAMegabyteIsA413InWords() {
        ApiClient.Reply huge = acme.post("/api/connections", json("platform", "gong", "name", "G".repeat(1_000_000),
                "credentials", GONG_CREDENTIALS));

        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.text("detail")).contains("64 KiB");
        assertThat(huge.body()).doesNotContain("GGGG");
        assertThat(acme.get("/api/connections").json()).isEmpty();
    }

    @Test
    void aBooleanSettingTakesOnlyTrueOrFalse() {
        ApiClient.Reply maybe = acme.post("/api/connections", json("platform", "gong", "credentials", GONG_CREDENTIALS,
                "settings", Map.of("includePrivateCalls", "maybe")));
        assertThat(maybe.status()).isEqualTo(400);
        assertThat(maybe.text("detail")).contains("includePrivateCalls: send true or false");
        assertThat(acme.get("/api/connections").json()).isEmpty();

        ApiClient.Reply yes = acme.post("/api/connections", json("platform", "gong", "credentials", GONG_CREDENTIALS,
                "settings", Map.of("includePrivateCalls", true)));
        assertThat(yes.status()).isEqualTo(201);
        assertThat(yes.json().get("settings").get("includePrivateCalls").asString()).isEqualTo("true");
    }

    @Test
    void wronglyTypedFieldsAndParametersAreNamedInTheCustomersWords() {
        String connection = gongConnection();

        ApiClient.Reply badDate = acme.post("/api/import-runs", json("connectionId", connection,
                "from", "2026-13-01", "to", "2026-02-01T00:00:00Z"));
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.text("detail"))
                .isEqualTo("from: '2026-13-01' is not a date-time; send ISO-8601 like 2026-01-01T00:00:00Z");

        ApiClient.Reply badId = acme.post("/api/import-runs", json("connectionId", "abc",
                "from", "2026-01-01T00:00:00Z", "to", "2026-02-01T00:00:00Z"));
        assertThat(badId.status()).isEqualTo(400);
        assertThat(badId.text("detail")).startsWith("connectionId: 'abc' is not an id");

        ApiClient.Reply badFlag = acme.post("/api/import-runs", json("connectionId", connection,
                "from", "2026-01-01T00:00:00Z", "to", "2026-01-02T00:00:00Z", "start", "maybe"));
        assertThat(badFlag.status()).isEqualTo(400);
        assertThat(badFlag.text("detail")).startsWith("start: send true or false");

        ApiClient.Reply badQuery = acme.get("/api/calls?runId=abc");
        assertThat(badQuery.status()).isEqualTo(400);
        assertThat(badQuery.text("detail")).startsWith("runId: 'abc' is not an id").doesNotContain("Optional");

        ApiClient.Reply badNumber = acme.get("/api/calls?connectionId=" + connection + "&limit=lots");
        assertThat(badNumber.status()).isEqualTo(400);
        assertThat(badNumber.text("detail")).isEqualTo("limit: 'lots' is not a whole number");

        ApiClient.Reply hugeNumber = acme.put("/api/connections/" + connection + "/sync",
                "{\"frequency\": \"DAILY\", \"historyDays\": 99999999999999}");
        assertThat(hugeNumber.status()).isEqualTo(400);
        assertThat(hugeNumber.text("detail")).startsWith("historyDays: the number is out of range");

        ApiClient.Reply noBody = acme.post("/api/import-runs", "");
        assertThat(noBody.status()).isEqualTo(400);
        assertThat(noBody.text("detail")).startsWith("the request needs a JSON body like {").contains("\"connectionId\"");

        for (ApiClient.Reply reply : new ApiClient.Reply[] {badDate, badId, badFlag, badQuery, badNumber, hugeNumber, noBody}) {
            assertThat(reply.body()).doesNotContain("java.").doesNotContain("com.callimport").doesNotContain("Jackson");
        }
    }
}
