package com.callimport.web.pages.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.organizations.OrganizationId;
import com.callimport.payments.stripe.StripeSimulator;
import com.callimport.people.People;
import com.callimport.people.Person;
import com.callimport.people.Role;
import com.callimport.testfixtures.Browser;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * From the preview through checkout to progress in a real browser: a declined card first (nothing charged, nothing
 * imported, and what to do), then a card that works on the payment provider's own page (the Stripe simulator's), the
 * import's progress, the receipt on the billing page, and staff seeing the ledger balance and issuing a credit.
 */
@EngineIntegrationTest
@TestPropertySource(properties = {"callimport.test.database=checkout_browser", "callimport.pricing.free-calls=20",
        "callimport.pricing.price-per-call=0.10", "callimport.progress.poll-interval=200ms", "callimport.billing.reconcile-interval=1h"})
class CheckoutBrowserIntegrationTest {
    private static final GongSimulator GONG = GongSimulator.start();
    private static final StripeSimulator STRIPE = StripeSimulator.start();
    private static final String PASSWORD = "correct horse battery";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @DynamicPropertySource
    static void simulators(DynamicPropertyRegistry registry) {
        registry.add("callimport.platforms.gong.base-url", () -> GONG.baseUrl().toString());
        registry.add("callimport.payments.stripe.api-key", () -> StripeSimulator.API_KEY);
        registry.add("callimport.payments.stripe.webhook-secret", () -> StripeSimulator.WEBHOOK_SECRET);
        registry.add("callimport.payments.stripe.api-base", () -> STRIPE.baseUrl().toString());
        registry.add("callimport.rate-budgets", () -> "false");
    }

    @AfterAll
    static void stop() {
        GONG.close();
        STRIPE.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    People people;

    @BeforeEach
    void accounts() {
        Instant now = Instant.now();
        GONG.reset();
        GONG.usePageSize(10);
        GONG.seed(30, new DateWindow(now.minus(Duration.ofDays(20)), now.minus(Duration.ofDays(10))), CallMix.COMPLETE, 21);
        STRIPE.reset();
        STRIPE.sendEventsTo(URI.create("http://127.0.0.1:" + port + "/webhooks/payments/card"));
    }

    @Test
    void aCustomerPaysAtCheckoutAfterADeclinedCardAndWatchesTheImportThenStaffSeeTheLedgerBalance() {
        String email = "owner-" + UUID.randomUUID() + "@checkout-browser.example";
        try (Browser browser = Browser.open(port)) {
            browser.go("/sign-up").fill("Company or team name", "Checkout Co").fill("Work email", email).fill("Password", PASSWORD)
                    .press("Create account").waitForPath("/home");
            browser.go("/import/platforms/gong/connect");
            browser.fill("API base URL", GongCredentialsFixture.CUSTOMER_BASE_URL).fill("Access key", GongSimulator.ACCESS_KEY)
                    .fill("Access key secret", GongSimulator.ACCESS_KEY_SECRET).press("Test connection");
            waitForText(browser, "Connected.");
            browser.click(By.linkText("Continue"));
            waitUntil(browser, page -> page.path().endsWith("/window"), "the window step");
            browser.click(By.id("range-days_30"));
            browser.press("See what we'll import");
            waitForText(browser, "Found 30 calls");
            assertThat(browser.text()).contains("First 20 free, $0.10/call after = $1.00").contains("Next comes checkout");

            browser.press("Start the import");
            waitUntil(browser, page -> page.path().startsWith("/checkout/"), "the checkout page");
            String checkoutPage = browser.path();
            assertThat(browser.text()).contains("Held on your card now").contains("$1.00").contains("charge only for the calls");
            assertThat(runsOf(email)).as("no import before the payment").isZero();
            browser.check("checkout");

            // a declined card: back on our page, nothing charged, nothing imported, what to do
            browser.press("Pay with card");
            waitUntil(browser, page -> page.driver().getCurrentUrl().startsWith(STRIPE.baseUrl().toString()), "the payment page");
            browser.fill("Card number", StripeSimulator.DECLINED_CARD);
            browser.click(By.cssSelector("button[type=submit]"));
            waitForText(browser, "Your card was declined.");
            browser.click(By.linkText("Back"));
            waitForText(browser, "The payment didn't go through.");
            assertThat(browser.text()).contains("You haven't been charged, and nothing was imported.").contains("What you can do");
            assertThat(runsOf(email)).isZero();
            browser.check("checkout-declined");

            // again, with a card that works: the import starts and its progress shows
            browser.click(By.linkText("Start again"));
            waitForText(browser, "Found 30 calls");
            browser.press("Start the import");
            waitUntil(browser, page -> page.path().startsWith("/checkout/") && !page.path().equals(checkoutPage), "a new checkout");
            browser.press("Pay with card");
            waitUntil(browser, page -> page.driver().getCurrentUrl().startsWith(STRIPE.baseUrl().toString()), "the payment page");
            browser.fill("Card number", StripeSimulator.GOOD_CARD);
            browser.click(By.cssSelector("button[type=submit]"));
            waitUntil(browser, page -> page.path().startsWith("/imports/"), "the import's progress");
            waitForText(browser, "Import complete! 30 calls ready to analyze.");
            assertThat(runsOf(email)).isEqualTo(1);

            browser.go("/billing");
            waitForText(browser, "Receipts");
            assertThat(browser.text()).contains("Paid").contains("$1.00").contains("0 of 20");
            browser.check("billing");
        }

        // staff: every organization's ledger, the balance check, and a credit for this one
        OrganizationId organization = new OrganizationId(jdbc.sql("SELECT organization_id FROM users WHERE email = ?")
                .param(email).query(UUID.class).single());
        Person csm = people.add(organization, "csm-" + UUID.randomUUID() + "@callimport.example", PASSWORD, Role.MEMBER);
        people.setStaff(csm.id(), true);
        try (Browser staff = Browser.open(port)) {
            staff.go("/sign-in").fill("Email", csm.email()).fill("Password", PASSWORD).press("Sign in").waitForPath("/home");
            staff.go("/staff/billing");
            assertThat(staff.driver().findElement(By.id("ledger-check")).getText()).contains("organizations balance").contains("balanced");
            staff.go("/staff/billing?organization=" + organization.value());
            assertThat(staff.text()).contains("Checkout Co").contains("Calls billed").contains("Payment");
            staff.fill("Amount (USD)", "5.00").fill("Reason", "Sorry for the declined card trouble").press("Issue credit");
            waitForText(staff, "Credit of $5.00 issued to Checkout Co.");
            assertThat(staff.driver().findElement(By.id("chosen-credit-left")).getText()).isEqualTo("$5.00");
            staff.check("staff-billing");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM staff_actions WHERE action = 'credit.issued' AND organization_id = ?")
                .param(organization.value()).query(Long.class).single()).isEqualTo(1);
    }

    private long runsOf(String email) {
        return jdbc.sql("SELECT count(*) FROM import_runs WHERE organization_id = (SELECT organization_id FROM users WHERE email = ?)")
                .param(email).query(Long.class).single();
    }



    private static void waitForText(Browser browser, String text) {
        waitUntil(browser, page -> page.text().contains(text), "the page to say '" + text + "'");
    }

    private static void waitUntil(Browser browser, Predicate<Browser> done, String what) {
        try {
            new WebDriverWait(browser.driver(), PATIENCE).ignoring(RuntimeException.class).until(driver -> done.test(browser));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("waited for " + what + " on " + browser.path() + "; the page says: " + browser.text(), e);
        }
    }
}
