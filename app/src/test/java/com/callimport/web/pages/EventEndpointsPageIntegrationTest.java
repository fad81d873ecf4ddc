package com.callimport.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.testfixtures.Browser;
import com.callimport.testfixtures.EngineIntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An admin adds an event endpoint on Settings → Event endpoints: an address on our own network is refused with the
 * reason, a public one is added and its signing secret shown once; pausing and enabling it are one press each.
 */
@EngineIntegrationTest
class EventEndpointsPageIntegrationTest {
    private static final String OWNER = "erin@hooli-events.example";

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;

    @Test
    void anOwnerAddsAnEndpointAndSeesItsSecretOnce() {
        jdbc.sql("DELETE FROM organizations WHERE id IN (SELECT organization_id FROM users WHERE lower(email) = ?)").param(OWNER).update();
        try (Browser owner = Browser.open(port)) {
            owner.go("/sign-up").fill("Company or team name", "Hooli").fill("Work email", OWNER).fill("Password", "a long enough password")
                    .press("Create account").waitForPath("/home");
            owner.follow("Settings").waitForPath("/settings");
            owner.follow("Manage event endpoints").waitForPath("/settings/event-endpoints");
            assertThat(owner.text()).contains("No endpoints yet.");

            owner.fill("Address", "https://169.254.169.254/latest").press("Add endpoint");
            assertThat(owner.text()).contains("not on the public internet");
            owner.fill("Address", "https://93.184.215.14/hooli-calls").fill("Description (optional)", "CRM automation").press("Add endpoint");
            String secret = owner.driver().findElement(By.id("new-endpoint-secret")).getAttribute("value");
            assertThat(secret).startsWith("whsec_");
            assertThat(owner.text()).contains("won't be shown again").contains("Receiving");
            owner.check("event-endpoints");

            owner.press("Pause");
            assertThat(owner.text()).contains("paused").contains("Disabled").doesNotContain(secret);
            owner.press("Enable");
            assertThat(owner.text()).contains("resumed").contains("Receiving");
        }
    }
}
