package com.callimport.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.ringcentral.RingCentralSimulator;
import com.callimport.organizations.OrganizationId;
import com.callimport.sync.SyncSchedules;
import com.callimport.testfixtures.Browser;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * PRD Flow 2 in a real browser against the RingCentral simulator: connect by signing in, choose hourly, see the first
 * sync land on the card, the grant revoked at the vendor, the card asking for re-authentication, reconnecting, healthy again.
 */
@EngineIntegrationTest
@TestPropertySource(properties = "callimport.test.database=dialer_browser")
class DialerSetupBrowserIntegrationTest {
    private static final RingCentralSimulator RINGCENTRAL = RingCentralSimulator.start();
    // the vendor sends the browser back to our public address, so the service listens where that address says
    private static final int PORT = freePort();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void ringCentral(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("callimport.oauth.public-url", () -> "http://127.0.0.1:" + PORT);
        registry.add("callimport.oauth.clients.ringcentral.client-id", () -> RingCentralSimulator.CLIENT_ID);
        registry.add("callimport.oauth.clients.ringcentral.client-secret", () -> RingCentralSimulator.CLIENT_SECRET);
        registry.add("callimport.oauth.clients.ringcentral.authorization-uri", () -> RINGCENTRAL.authorizationUri().toString());
        registry.add("callimport.oauth.clients.ringcentral.token-uri", () -> RINGCENTRAL.tokenUri().toString());
        registry.add("callimport.platforms.ringcentral.base-url", () -> RINGCENTRAL.baseUrl().toString());
        registry.add("callimport.rate-budgets", () -> "false");
    }

    @AfterAll
    static void stop() {
        RINGCENTRAL.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Autowired
    SyncSchedules schedules;
    @Autowired
    JdbcClient jdbc;

    @Test
    void anAdminConnectsRingCentralSeesTheFirstSyncAndReconnectsAfterTheGrantIsRevoked() throws Exception {
        RINGCENTRAL.reset();
        RINGCENTRAL.useTokenLifetimes(Duration.ofMinutes(5).plusSeconds(1), Duration.ofDays(7));
        RINGCENTRAL.seed(12, new DateWindow(Instant.now().minus(Duration.ofDays(3)), Instant.now().minus(Duration.ofHours(1))),
                CallMix.COMPLETE, 5);
        try (Browser browser = Browser.open(PORT)) {
            browser.go("/sign-up").fill("Company or team name", "Dialer Pages Co")
                    .fill("Work email", "dana+" + UUID.randomUUID() + "@dialer.example")
                    .fill("Password", "a long enough password").press("Create account").waitForPath("/home");
            browser.go("/settings").follow("Phone/Dialer").waitForPath("/settings/integrations/dialer");

            browser.follow("Connect your RingCentral account");
            until(browser, "the sign-in to come back to the set-up", () -> browser.text().contains("is connected"));
            UUID connection = UUID.fromString(browser.path().substring(browser.path().lastIndexOf('/') + 1));
            browser.check("dialer-set-up");
            browser.click(By.cssSelector("label[for=frequency-hourly]"));
            new org.openqa.selenium.support.ui.Select(browser.field("History to bring in now")).selectByVisibleText("The last 7 days");
            browser.press("Confirm").waitForPath("/settings/integrations/dialer");
            assertThat(browser.text()).contains("syncs hourly");

            until(browser, "the first sync to land on the card", () -> card(browser).contains("12 in total")
                    && card(browser).contains("Healthy") && !card(browser).contains("Last sync\nNot yet"));
            assertThat(card(browser)).contains("12 today").contains("Hourly");
            browser.check("dialer");

            RINGCENTRAL.revokeGrants();
            Thread.sleep(1_100); // the access token comes due for a refresh, which RingCentral now refuses
            OrganizationId organization = new OrganizationId(jdbc.sql("SELECT organization_id FROM connections WHERE id = ?")
                    .param(connection).query(UUID.class).single());
            schedules.syncNow(organization, connection);
            until(browser, "the card to ask for re-authentication", () -> card(browser).contains("Needs re-authentication"));
            assertThat(card(browser)).contains("RingCentral no longer accepts our access");
            browser.check("dialer-reconnect");

            browser.click(By.cssSelector(".dialer-card a[href*='/sign-in']"));
            browser.waitForPath("/settings/integrations/dialer");
            until(browser, "the card to be healthy again", () -> card(browser).contains("Healthy"));
            assertThat(card(browser)).doesNotContain("no longer accepts").contains("12 in total");
        }
    }

    @Test
    void theImportWizardsCredentialsStepConnectsByTheSameSignIn() {
        RINGCENTRAL.reset();
        try (Browser browser = Browser.open(PORT)) {
            browser.go("/sign-up").fill("Company or team name", "Wizard Sign-in Co")
                    .fill("Work email", "wes+" + UUID.randomUUID() + "@dialer.example")
                    .fill("Password", "a long enough password").press("Create account").waitForPath("/home");
            browser.go("/import/platforms/ringcentral/connect");

            browser.follow("Connect your RingCentral account");

            until(browser, "the sign-in to come back to the wizard's next step",
                    () -> browser.path().matches("/import/connections/[0-9a-f-]{36}/window"));
        }
    }

    private static String card(Browser browser) {
        return browser.driver().findElement(By.cssSelector(".dialer-card")).getText();
    }

    private static void until(Browser browser, String what, java.util.function.BooleanSupplier condition) {
        try {
            new WebDriverWait(browser.driver(), PATIENCE).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(driver -> condition.getAsBoolean());
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("waited for " + what + "; the page says: " + browser.text(), e);
        }
    }
}
