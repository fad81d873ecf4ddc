package com.callimport.credentials;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.CallImportApplication;
import com.callimport.VaultCommand;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

class KeyRotationIntegrationTest {

    private static ConfigurableApplicationContext service(String keyset, Path dataDirectory, boolean web) {
        SpringApplication application = new SpringApplication(CallImportApplication.class);
        if (!web) {
            application.setWebApplicationType(WebApplicationType.NONE);
        }
        return application.run(
                "--server.port=0",
                "--spring.datasource.url=" + TestDatabase.url("rotation"),
                "--spring.datasource.username=" + TestDatabase.user(),
                "--spring.datasource.password=" + TestDatabase.password(),
                "--callimport.data-directory=" + dataDirectory,
                "--callimport.vault.keyset=" + keyset,
                "--callimport.bootstrap-token=rotation-test",
                "--jobrunr.background-job-server.enabled=false");
    }

    @Test
    void aRotatedKeyRewrapsOldCredentialsAndSigningSecretsAfterWhichTheOldKeyIsNoLongerNeeded() throws Exception {
        Path data = Files.createTempDirectory("callimport-rotation-");
        String original = VaultKeyset.generate();
        String connectionId;
        String endpointId;
        String signingSecret;
        try (ConfigurableApplicationContext first = service(original, data, true)) {
            int port = ((WebServerApplicationContext) first).getWebServer().getPort();
            ApiClient customer = ApiClient.at(port, "rotation-test").newOrganization("Rotation Co");
            connectionId = customer.post("/api/connections", json("platform", "gong", "credentials", Map.of(
                    "baseUrl", "https://us-1.api.gong.io", "accessKey", "AK", "accessKeySecret", "SECRET"))).text("id");
            ApiClient.Reply endpoint = customer.post("/api/event-endpoints", json("url", "https://93.184.215.14/rotation-co"));
            assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
            endpointId = endpoint.json().get("endpoint").get("id").asString();
            signingSecret = endpoint.text("signingSecret");
        }

        Path keysetFile = data.resolve("keyset.json");
        Files.writeString(keysetFile, original);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        assertThat(VaultCommand.run(new String[] {"vault", "rotate", keysetFile.toString()},
                new PrintStream(printed, true, StandardCharsets.UTF_8), args -> null)).isZero();
        String rotated = printed.toString(StandardCharsets.UTF_8).strip();

        ByteArrayOutputStream rewrapOutput = new ByteArrayOutputStream();
        assertThat(VaultCommand.run(new String[] {"vault", "rewrap"}, new PrintStream(rewrapOutput, true, StandardCharsets.UTF_8),
                args -> service(rotated, data, false))).isZero();
        assertThat(rewrapOutput.toString(StandardCharsets.UTF_8))
                .contains("re-sealed the credentials of 1 connection(s)")
                .contains("re-sealed the signing secrets of 1 event endpoint(s)");

        try (ConfigurableApplicationContext after = service(rotated, data, false)) {
            CredentialVault vault = after.getBean(CredentialVault.class);
            byte[] sealed = after.getBean(JdbcClient.class).sql("SELECT credentials_sealed FROM connections WHERE id = ?")
                    .param(UUID.fromString(connectionId)).query(byte[].class).single();
            assertThat(vault.sealedUnderOlderKey(sealed)).isFalse();
            UUID organization = after.getBean(JdbcClient.class).sql("SELECT organization_id FROM connections WHERE id = ?")
                    .param(UUID.fromString(connectionId)).query(UUID.class).single();
            assertThat(vault.open(sealed, new CredentialVault.SealedFor(organization, UUID.fromString(connectionId)))
                    .require("accessKeySecret").reveal()).isEqualTo("SECRET");

            byte[] sealedSecret = after.getBean(JdbcClient.class).sql("SELECT sealed_secret FROM event_endpoints WHERE id = ?")
                    .param(UUID.fromString(endpointId)).query(byte[].class).single();
            assertThat(vault.sealedUnderOlderKey(sealedSecret)).as("the endpoint's signing secret is sealed under the new key").isFalse();
            assertThat(vault.open(sealedSecret, new CredentialVault.SealedFor(organization, UUID.fromString(endpointId)))
                    .require("signingSecret").reveal()).isEqualTo(signingSecret);
        }
    }
}
