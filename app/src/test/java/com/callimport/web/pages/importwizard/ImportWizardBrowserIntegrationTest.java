package com.callimport.web.pages.importwizard;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.fathom.FathomSimulator;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.organizations.OrganizationId;
import com.callimport.people.People;
import com.callimport.people.Role;
import com.callimport.testfixtures.Browser;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Flow 1 in a real browser, from sign-up to "View your calls", against the vendors' simulators: every key screen is
 * checked with axe-core and photographed at desktop and phone width into docs/screenshots/.
 */
@EngineIntegrationTest
@TestPropertySource(properties = {"callimport.test.database=import_wizard_browser", "callimport.pricing.free-calls=50",
        "callimport.pricing.price-per-call=0.10", "callimport.progress.poll-interval=200ms"})
class ImportWizardBrowserIntegrationTest {
    private static final GongSimulator GONG = GongSimulator.start();
    private static final FathomSimulator FATHOM = FathomSimulator.start();
    private static final String PASSWORD = "correct horse battery";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void simulators(DynamicPropertyRegistry registry) {
        registry.add("callimport.platforms.gong.base-url", () -> GONG.baseUrl().toString());
        registry.add("callimport.platforms.fathom.base-url", () -> FATHOM.baseUrl().toString());
        registry.add("callimport.rate-budgets", () -> "false");
    }

    @AfterAll
    static void stop() {
        GONG.close();
        FATHOM.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    People people;

    DateWindow recent;

    @BeforeEach
    void accounts() {
        Instant now = Instant.now();
        recent = new DateWindow(now.minus(Duration.ofDays(20)), now.minus(Duration.ofDays(10)));
        GONG.reset();
        GONG.usePageSize(5);
        GONG.seed(40, recent, CallMix.COMPLETE, 11);
        FATHOM.reset();
        FATHOM.usePageSize(5);
        FATHOM.seed(12, recent, CallMix.COMPLETE, 12);
    }

    @Test
    void aNewcomerBringsTheirGongCallsOverCorrectingAWrongKeyAndPausingOnce() {
        try (Browser browser = Browser.open(port)) {
            String email = signUp(browser, "Acme");
            browser.follow("Import calls").waitForPath("/import");
            browser.check("import-coming-from");
            browser.press("Yes, bring my calls over").waitForPath("/import/platforms");
            assertThat(browser.text()).contains("Gong").contains("Supported").contains("Not supported");
            browser.check("import-platforms");

            // a platform we do not support: what we can do, and asking for it
            choose(browser, "chorus").waitForPath("/import/platforms/chorus");
            assertThat(browser.text()).contains("isn't supported yet").contains("What we can do");
            browser.fill("Anything we should know? (optional)", "About 3,000 calls").press("Ask us for it");
            waitForText(browser, "We'll write to " + email);
            assertThat(jdbc.sql("SELECT count(*) FROM platform_requests WHERE platform = 'chorus' AND requested_by_email = ?")
                    .param(email).query(Long.class).single()).isEqualTo(1);
            browser.assertAccessible("an unsupported platform");

            browser.go("/import/platforms");
            choose(browser, "gong").waitForPath("/import/platforms/gong");
            assertThat(browser.text()).contains("You'll need").contains("technical administrator");
            browser.check("import-requirements");
            browser.follow("I have these, continue").waitForPath("/import/platforms/gong/connect");

            browser.fill("API base URL", GongCredentialsFixture.CUSTOMER_BASE_URL).fill("Access key", GongSimulator.ACCESS_KEY)
                    .fill("Access key secret", "not-the-secret");
            assertThat(browser.field("Access key secret").getAttribute("type")).isEqualTo("password");
            browser.press("Test connection");
            waitForText(browser, "That didn't work.");
            assertThat(browser.text()).doesNotContain("Exception").doesNotContain("not-the-secret");
            assertThat(browser.field("API base URL").getAttribute("value")).as("nothing typed is lost")
                    .isEqualTo(GongCredentialsFixture.CUSTOMER_BASE_URL);
            browser.check("import-credentials");

            browser.fill("Access key secret", GongSimulator.ACCESS_KEY_SECRET).press("Test connection");
            waitForText(browser, "Connected.");
            assertThat(jdbc.sql("SELECT count(*) FROM connections c JOIN users u ON u.organization_id = c.organization_id WHERE u.email = ?")
                    .param(email).query(Long.class).single()).as("the corrected key replaced the wrong one's connection").isEqualTo(1);
            browser.follow("Continue");
            waitForPathEnding(browser, "/window");

            browser.click(By.id("range-days_30"));
            browser.press("See what we'll import");
            waitForPathEnding(browser, "/preview");
            assertThat(browser.text()).contains("Found 40 calls").contains("All 40 calls free") // a billable import's checkout: CheckoutBrowserIntegrationTest
                    .contains("How long it takes");
            browser.check("import-preview");

            GONG.delayResponses(Duration.ofMillis(150)); // slow enough to watch it tick and to pause it midway
            browser.press("Start the import");
            waitForPathStarting(browser, "/imports/");
            ((JavascriptExecutor) browser.driver()).executeScript("window.stillTheSamePage = true;");
            waitUntil(browser, page -> count(page, "count-imported") > 0, "the imported count to tick up");
            assertThat(((JavascriptExecutor) browser.driver()).executeScript("return window.stillTheSamePage === true;"))
                    .as("the count ticked up without a reload").isEqualTo(true);
            GONG.holdResponses(); // the import stays midway while its screen is checked, however long that takes
            browser.check("import-progress");

            browser.press("Pause");
            waitForText(browser, "Paused. Nothing imported is lost");
            GONG.releaseResponses();
            GONG.delayResponses(Duration.ZERO);
            browser.press("Resume");
            waitForText(browser, "Import complete! 40 calls ready to analyze.");
            assertThat(browser.driver().findElement(By.linkText("View your calls")).getAttribute("href")).endsWith("/calls");
            assertThat(browser.text()).contains("Imported\n40").contains("Failed\n0");
            browser.check("import-complete");
            assertThat(callsOf(email)).isEqualTo(40);
        }
    }

    @Test
    void aKeyRevokedMidImportIsReplacedAndTheImportResumesWithNothingDoubled() {
        try (Browser browser = Browser.open(port)) {
            String email = signUp(browser, "Globex");
            browser.go("/import/platforms/gong/connect");
            browser.fill("API base URL", GongCredentialsFixture.CUSTOMER_BASE_URL).fill("Access key", GongSimulator.ACCESS_KEY)
                    .fill("Access key secret", GongSimulator.ACCESS_KEY_SECRET).press("Test connection");
            waitForText(browser, "Connected.");
            browser.follow("Continue");
            waitForPathEnding(browser, "/window");
            browser.click(By.id("range-days_30"));
            browser.press("See what we'll import");
            waitForText(browser, "Found 40 calls");
            GONG.delayResponses(Duration.ofMillis(150));
            browser.press("Start the import");
            waitForPathStarting(browser, "/imports/");
            String runPage = browser.path();
            waitUntil(browser, page -> count(page, "count-imported") > 0, "some calls to be imported");

            GONG.acceptCredentials("rotated-key", "rotated-secret"); // the customer's Gong admin revoked the key
            waitForText(browser, "Update the access key");
            assertThat(browser.text()).contains("Paused").contains("refused");
            browser.check("import-failed");

            GONG.delayResponses(Duration.ZERO);
            browser.follow("Update the access key");
            waitForPathEnding(browser, "/credentials");
            assertThat(browser.field("API base URL").getAttribute("value")).isEqualTo(GongCredentialsFixture.CUSTOMER_BASE_URL);
            browser.fill("Access key", "rotated-key").fill("Access key secret", "rotated-secret").press("Save and test");
            browser.waitForPath(runPage);
            assertThat(browser.text()).contains("The new credentials work.");

            browser.press("Resume");
            waitForText(browser, "Import complete! 40 calls ready to analyze.");
            assertThat(callsOf(email)).as("nothing imported twice").isEqualTo(40);

            // a member of the organization watches, but cannot change anything
            OrganizationId organization = new OrganizationId(jdbc.sql("SELECT organization_id FROM users WHERE email = ?")
                    .param(email).query(UUID.class).single());
            String member = "member-" + UUID.randomUUID() + "@globex.example";
            people.add(organization, member, PASSWORD, Role.MEMBER);
            try (Browser watcher = Browser.open(port)) {
                watcher.go("/sign-in").fill("Email", member).fill("Password", PASSWORD).press("Sign in").waitForPath("/home");
                watcher.go(runPage);
                assertThat(watcher.text()).contains("Import complete!").doesNotContain("Import calls");
                assertThat(watcher.driver().findElements(By.xpath("//button[normalize-space(.)='Resume' or normalize-space(.)='Pause']"))).isEmpty();
                Object status = ((JavascriptExecutor) watcher.driver()).executeAsyncScript("""
                        const done = arguments[arguments.length - 1];
                        const token = document.querySelector('meta[name="_csrf"]').content;
                        const header = document.querySelector('meta[name="_csrf_header"]').content;
                        fetch(arguments[0] + '/pause', {method: 'POST', headers: {[header]: token}}).then(r => done(r.status));
                        """, runPage);
                assertThat(status).as("a member pausing").isEqualTo(403L);
                watcher.go("/import");
                assertThat(watcher.text()).contains("You can't do that here");
            }
        }
    }

    @Test
    void aNewcomerBringsTheirFathomCallsOver() {
        try (Browser browser = Browser.open(port)) {
            String email = signUp(browser, "Initech");
            browser.follow("Import calls").waitForPath("/import");
            browser.press("Yes, bring my calls over").waitForPath("/import/platforms");
            choose(browser, "fathom").waitForPath("/import/platforms/fathom");
            assertThat(browser.text()).contains("You'll need");
            browser.follow("I have these, continue").waitForPath("/import/platforms/fathom/connect");
            browser.fill("API key", FathomSimulator.API_KEY).press("Test connection");
            waitForText(browser, "Connected.");
            browser.follow("Continue");
            waitForPathEnding(browser, "/window");
            browser.click(By.id("range-days_30"));
            browser.press("See what we'll import");
            waitForText(browser, "Found 12 calls");
            assertThat(browser.text()).contains("All 12 calls free");
            browser.press("Start the import");
            waitForText(browser, "Import complete! 12 calls ready to analyze.");
            assertThat(callsOf(email)).isEqualTo(12);
        }
    }

    private String signUp(Browser browser, String organization) {
        String email = "owner-" + UUID.randomUUID() + "@" + organization.toLowerCase() + ".example";
        browser.go("/sign-up").fill("Company or team name", organization).fill("Work email", email).fill("Password", PASSWORD)
                .press("Create account").waitForPath("/home");
        return email;
    }

    private long callsOf(String email) {
        return jdbc.sql("SELECT count(*) FROM calls WHERE organization_id = (SELECT organization_id FROM users WHERE email = ?)")
                .param(email).query(Long.class).single();
    }

    private static Browser choose(Browser browser, String platform) {
        return browser.click(By.cssSelector("a[href='/import/platforms/" + platform + "']"));
    }




    private static long count(Browser browser, String id) {
        var found = browser.driver().findElements(By.id(id));
        return found.isEmpty() ? -1 : Long.parseLong(found.get(0).getText().replace(",", "").strip());
    }

    private static void waitForText(Browser browser, String text) {
        waitUntil(browser, page -> page.text().contains(text), "the page to say '" + text + "'");
    }

    private static void waitForPathEnding(Browser browser, String suffix) {
        waitUntil(browser, page -> page.path().endsWith(suffix), "a page ending in " + suffix);
    }

    private static void waitForPathStarting(Browser browser, String prefix) {
        waitUntil(browser, page -> page.path().startsWith(prefix), "a page under " + prefix);
    }

    private static void waitUntil(Browser browser, Predicate<Browser> done, String what) {
        try {
            new WebDriverWait(browser.driver(), PATIENCE).ignoring(RuntimeException.class).until(driver -> done.test(browser));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("waited for " + what + " on " + browser.path() + "; the page says: " + browser.text(), e);
        }
    }
}
