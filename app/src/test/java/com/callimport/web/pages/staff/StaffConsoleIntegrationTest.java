package com.callimport.web.pages.staff;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connections.ConnectionStatus;
import com.callimport.connections.Connections;
import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.imports.ImportControl;
import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRunState;
import com.callimport.imports.ImportRuns;
import com.callimport.organizations.OrganizationId;
import com.callimport.organizations.Organizations;
import com.callimport.people.People;
import com.callimport.people.Person;
import com.callimport.platformrequests.PlatformRequests;
import com.callimport.staff.StaffAction;
import com.callimport.staff.StaffAudit;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.Browser;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The staff console in real headless Chromium: a CSM made staff by the operator sees every organization's connections
 * with their health, the import history drawn as charts over its tables, drills into a customer's failed run, resumes
 * it and re-runs its window (both land in the audit log), assigns themself as the customer's CSM, reads the job queue
 * and searches the capability matrix. The customer's own owner meets a 403 page and no console link.
 */
@EngineIntegrationTest
@TestPropertySource(properties = "callimport.test.database=staffconsole")
class StaffConsoleIntegrationTest {
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-04-06T00:00:00Z"), Instant.parse("2026-04-08T00:00:00Z"));
    private static final GongSimulator GONG = GongSimulator.start();

    @DynamicPropertySource
    static void operatorOverride(DynamicPropertyRegistry registry) {
        registry.add("callimport.platforms.gong.base-url", () -> GONG.baseUrl().toString());
        registry.add("callimport.rate-budgets", () -> "false");
    }

    @AfterAll
    static void stop() {
        GONG.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    Organizations organizations;
    @Autowired
    People people;
    @Autowired
    Connections connections;
    @Autowired
    ImportControl control;
    @Autowired
    ImportRuns runs;
    @Autowired
    PlatformRequests requests;
    @Autowired
    StaffAudit audit;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aCsmSeesEveryOrganizationsHealthResumesAFailedRunAndEveryActionIsAudited() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String customerName = "Acme Staff " + suffix;
        OrganizationId customer = organizations.create(customerName, null).organization().id();
        Person customerOwner = people.add(customer, "owner+" + suffix + "@acme-staff.example", "a long enough password",
                com.callimport.people.Role.OWNER);
        UUID failedRun = seedHistory(customer, suffix);
        requests.ask(customer, unsupportedPlatform(), Optional.of(customerOwner.id()), customerOwner.email(), Optional.of("12,000 calls"));

        String csmEmail = "ann+" + suffix + "@operator.example";
        try (Browser browser = Browser.open(port)) {
            browser.go("/sign-up").fill("Company or team name", "Operator " + suffix).fill("Work email", csmEmail)
                    .fill("Password", "a long enough password").press("Create account").waitForPath("/home");
            assertThat(browser.driver().findElements(By.linkText("Staff console"))).as("not staff yet").isEmpty();
            Person csm = people.findByEmail(csmEmail).orElseThrow();
            people.setStaff(csm.id(), true);

            browser.go("/home").follow("Staff console").waitForPath("/staff");
            assertThat(browser.text()).contains("Connections across organizations", customerName, "Needs re-authentication", "Failing",
                    "Degraded", "Healthy", "The vendor refused the access key");
            browser.check("staff-connections");

            new Select(browser.driver().findElement(By.id("filter-health"))).selectByVisibleText("Failing");
            browser.press("Show");
            Await.until(Duration.ofSeconds(10), () -> browser.driver().getCurrentUrl(), url -> url.contains("health=FAILING"), "the filtered page");
            assertThat(browser.driver().findElements(By.cssSelector("tbody tr"))).allSatisfy(
                    row -> assertThat(row.getText()).contains("Failing"));

            browser.go("/staff?health=sideways");
            assertThat(browser.text()).as("a health that does not exist").contains("That address is incomplete");
            browser.go("/staff/history?days=0");
            assertThat(browser.text()).as("no days of history").contains("That address is incomplete");

            browser.go("/staff/history");
            Await.until(Duration.ofSeconds(10), () -> browser.driver().findElements(By.cssSelector("[data-chart-ready] canvas")).size(),
                    drawn -> drawn == 2, "both charts to be drawn");
            assertThat(browser.text()).contains("succeeded and", "failed", "Runs per day as a table", "Runs per platform as a table");
            browser.check("staff-history");

            browser.go("/staff/organizations").follow(customerName).waitForPath("/staff/organizations/" + customer.value());
            new Select(browser.driver().findElement(By.id("csm"))).selectByVisibleText(csmEmail);
            browser.press("Save CSM");
            waitForText(browser, csmEmail + " is now " + customerName + "'s CSM.");
            assertThat(people.assignedCsm(customer)).map(Person::email).contains(csmEmail);
            browser.press("Save CSM");
            waitForText(browser, "is " + customerName + "'s CSM already.");
            browser.check("staff-organization");

            browser.go("/staff/organizations/" + customer.value() + "/runs/" + failedRun);
            assertThat(browser.text()).contains("Failed", "the vendor answered 500 three times", "Event log");
            browser.check("staff-run");
            browser.press("Resume for the customer");
            waitForText(browser, "Run resumed from its last stored page.");
            ImportRun resumed = Await.until(Duration.ofSeconds(90), () -> runs.get(customer, failedRun),
                    run -> !run.state().name().matches("QUEUED|RUNNING"), "the resumed run to end");
            assertThat(resumed.state()).as(resumed.stateReason()).isEqualTo(ImportRunState.SUCCEEDED);

            browser.go("/staff/organizations/" + customer.value() + "/runs/" + failedRun).press("Re-run this window");
            Await.until(Duration.ofSeconds(10), browser::path, path -> !path.endsWith(failedRun.toString()), "the new run's page");
            UUID rerun = UUID.fromString(browser.path().substring(browser.path().lastIndexOf('/') + 1));
            ImportRun again = runs.get(customer, rerun);
            assertThat(again.window()).isEqualTo(runs.get(customer, failedRun).window());
            Await.until(Duration.ofSeconds(90), () -> runs.get(customer, rerun), run -> !run.state().name().matches("QUEUED|RUNNING"),
                    "the re-run to end");

            browser.go("/staff/jobs");
            assertThat(browser.text()).contains("Jobs by state", "Waiting for a worker", "Servers working the queue");
            browser.check("staff-jobs");

            browser.go("/staff/capabilities");
            int all = browser.driver().findElements(By.cssSelector("#matrix tbody tr")).size();
            assertThat(browser.text()).contains("Platforms customers asked for", "1 org(s)");
            browser.fill("Search platforms", "gong");
            List<WebElement> shown = browser.driver().findElements(By.cssSelector("#matrix tbody tr")).stream()
                    .filter(WebElement::isDisplayed).toList();
            assertThat(shown).isNotEmpty().hasSizeLessThan(all).allSatisfy(row -> assertThat(row.getText().toLowerCase()).contains("gong"));
            browser.check("staff-capabilities");

            browser.go("/staff/audit");
            assertThat(browser.text()).contains("run.resumed", "run.rerun", "csm.assigned", csmEmail, customerName);
            browser.check("staff-audit");
        }
        assertThat(audit.latest(customer, 10)).extracting(StaffAction::action).containsExactly("run.rerun", "run.resumed", "csm.assigned");

        try (Browser browser = Browser.open(port)) {
            browser.go("/sign-in").fill("Email", customerOwner.email()).fill("Password", "a long enough password").press("Sign in")
                    .waitForPath("/home");
            assertThat(browser.driver().findElements(By.linkText("Staff console"))).as("a customer's navigation").isEmpty();
            browser.go("/staff/organizations/" + customer.value());
            assertThat(browser.text()).contains("You can't do that here").doesNotContain(csmEmail);
            browser.go("/staff/history");
            assertThat(browser.text()).contains("You can't do that here").doesNotContain("Runs per day");
        }
    }

    /** Organization A's connections in each health, and thirty days of finished runs for the charts. */
    private UUID seedHistory(OrganizationId customer, String suffix) {
        GONG.seed(12, WINDOW, CallMix.TYPICAL, 23);
        UUID healthy = connections.create(customer, new Connections.NewConnection("gong", "Sales team " + suffix,
                GongCredentialsFixture.acceptedValues(), Map.of())).id();
        UUID refused = connections.create(customer, new Connections.NewConnection("gong", "Old workspace " + suffix,
                GongCredentialsFixture.acceptedValues(), Map.of())).id();
        connections.recordHealth(customer, refused, ConnectionStatus.NEEDS_ATTENTION,
                "The vendor refused the access key: create a new one and replace the credentials.");
        UUID degraded = connections.create(customer, new Connections.NewConnection("gong", "Support team " + suffix,
                GongCredentialsFixture.acceptedValues(), Map.of())).id();
        UUID failing = connections.create(customer, new Connections.NewConnection("gong", "Partners " + suffix,
                GongCredentialsFixture.acceptedValues(), Map.of())).id();
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(9));
        for (int day = 29; day >= 1; day--) {
            finished(customer, day % 7 == 3 ? degraded : healthy, today.minus(Duration.ofDays(day)), day % 9 == 4 ? ImportRunState.FAILED
                    : ImportRunState.SUCCEEDED, 40 + day % 5 * 11, day % 7 == 3 ? 2 : 0);
        }
        finished(customer, degraded, today.minus(Duration.ofHours(2)), ImportRunState.SUCCEEDED, 30, 3);
        finished(customer, healthy, today.minus(Duration.ofHours(3)), ImportRunState.SUCCEEDED, 52, 0);
        ImportRun failed = runs.create(customer, failing, ImportRun.Kind.BACKFILL, WINDOW, List.of(), OptionalLong.empty());
        runs.transition(failed.id(), ImportRunState.RUNNING, null);
        runs.transition(failed.id(), ImportRunState.FAILED, "the vendor answered 500 three times; retry later");
        return failed.id();
    }

    private void finished(OrganizationId organization, UUID connection, Instant at, ImportRunState state, long imported, long failed) {
        ImportRun run = runs.create(organization, connection, ImportRun.Kind.BACKFILL, WINDOW, List.of(), OptionalLong.of(imported + failed));
        runs.transition(run.id(), ImportRunState.RUNNING, null);
        runs.transition(run.id(), state, state == ImportRunState.FAILED ? "the vendor could not be reached" : null);
        jdbc.sql("UPDATE import_runs SET created_at = ?, finished_at = ?, listed_calls = ?, imported_calls = ?, failed_calls = ? WHERE id = ?")
                .params(at.minus(Duration.ofMinutes(20)).atOffset(java.time.ZoneOffset.UTC), at.atOffset(java.time.ZoneOffset.UTC),
                        imported + failed, imported, failed, run.id())
                .update();
    }

    private static void waitForText(Browser browser, String text) {
        Await.until(Duration.ofSeconds(15), browser::text, shown -> shown.contains(text), "the page to say '" + text + "'");
    }

    @Autowired
    com.callimport.catalog.PlatformCatalog catalog;

    private String unsupportedPlatform() {
        return catalog.entries().stream().filter(entry -> !entry.status().hasConnector()).findFirst().orElseThrow().platform();
    }
}
