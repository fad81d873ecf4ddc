package com.callimport.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.calls.CallFilter;
import com.callimport.calls.CallStore;
import com.callimport.calls.StoredCall;
import com.callimport.connections.Connections;
import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.imports.ImportControl;
import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRuns;
import com.callimport.people.People;
import com.callimport.people.Person;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.Browser;
import com.callimport.testfixtures.EngineIntegrationTest;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * "Your calls" in real headless Chromium: a newcomer signs up, sees the empty state, their calls arrive by a
 * real Gong-simulator import, they filter the list (htmx swaps the results, the form keeps what they typed),
 * page through it, open a call and seek in its recording, which the service answers with byte ranges.
 */
@EngineIntegrationTest
@TestPropertySource(properties = "callimport.test.database=yourcalls")
class YourCallsIntegrationTest {
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-05-04T00:00:00Z"), Instant.parse("2026-05-09T00:00:00Z"));
    private static final GongSimulator GONG = GongSimulator.start();
    /** What the service answered to the player's requests: "status Range". */
    private static final List<String> RECORDING_ANSWERS = new CopyOnWriteArrayList<>();

    @DynamicPropertySource
    static void operatorOverride(DynamicPropertyRegistry registry) {
        registry.add("callimport.platforms.gong.base-url", () -> GONG.baseUrl().toString());
    }

    @AfterAll
    static void stop() {
        GONG.close();
    }

    /** Watches the page chain's recording address from outside the service, as a proxy would. */
    @TestConfiguration
    static class RecordingAnswers {
        @Bean
        FilterRegistrationBean<Filter> recordingAnswers() {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                chain.doFilter(request, response);
                HttpServletRequest http = (HttpServletRequest) request;
                if (http.getRequestURI().matches("/calls/[^/]+/recording")) {
                    RECORDING_ANSWERS.add(((HttpServletResponse) response).getStatus() + " " + http.getHeader("Range"));
                }
            });
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    People people;
    @Autowired
    Connections connections;
    @Autowired
    ImportControl control;
    @Autowired
    ImportRuns runs;
    @Autowired
    CallStore calls;

    @Test
    void aNewcomerFiltersTheirImportedCallsOpensOneAndSeeksInItsRecording() {
        String email = "dana+" + UUID.randomUUID().toString().substring(0, 8) + "@calls.example";
        try (Browser browser = Browser.open(port)) {
            browser.go("/sign-up").fill("Company or team name", "Dana's Calls").fill("Work email", email)
                    .fill("Password", "a long enough password").press("Create account").waitForPath("/home");
            browser.follow("Your calls").waitForPath("/calls");
            assertThat(browser.text()).contains("No calls yet — import from another platform");
            assertThat(browser.driver().findElement(By.linkText("Import your calls")).getAttribute("href")).endsWith("/import");

            Person dana = people.findByEmail(email).orElseThrow();
            importFromGong(dana);
            List<StoredCall> stored = calls.list(dana.organization(), CallFilter.NONE, null, null, 500).calls();
            assertThat(stored).hasSizeGreaterThan(CallsPage.PAGE);

            browser.go("/calls");
            assertThat(browser.driver().findElements(By.cssSelector("#results tbody tr"))).hasSize(CallsPage.PAGE);
            assertThat(browser.driver().findElements(By.cssSelector("#results thead th"))).extracting(element -> element.getText())
                    .containsExactly("Title", "Started", "Duration", "Platform", "Participants", "Transcript", "Recording");
            browser.check("calls-list");

            // a page that htmx updates keeps this mark; a full reload would lose it
            JavascriptExecutor script = (JavascriptExecutor) browser.driver();
            script.executeScript("window.notReloaded = true;");
            // the link sits below the window's fold, where the driver's pointer cannot reach: clicked as a keyboard user would
            browser.driver().findElement(By.linkText("Older →")).sendKeys(org.openqa.selenium.Keys.ENTER);
            Await.until(Duration.ofSeconds(15), () -> browser.driver().findElements(By.linkText("← Newer")).size(),
                    links -> links == 1, "the older page with a link back");
            assertThat(browser.driver().findElements(By.cssSelector("#results tbody tr"))).hasSize(stored.size() - CallsPage.PAGE);

            StoredCall chosen = stored.stream().filter(call -> call.recording() != null && call.recording().mediaType().startsWith("audio/")
                    && !call.transcript().isEmpty() && call.participants().stream().anyMatch(person -> person.email() != null))
                    .findFirst().orElseThrow();
            String participant = chosen.participants().stream().filter(person -> person.email() != null).findFirst().orElseThrow()
                    .email().toUpperCase();
            long matching = stored.stream().filter(call -> call.participants().stream().anyMatch(person -> person.email() != null
                    && person.email().equalsIgnoreCase(participant))).count();
            browser.fill("Participant", participant);
            browser.driver().findElement(By.id("filter-transcript")).sendKeys("With");
            browser.press("Show calls");
            Await.until(Duration.ofSeconds(15), () -> browser.driver().findElements(By.cssSelector("#results tbody tr")).size(),
                    rows -> rows > 0 && rows <= matching, "the filtered results");
            assertThat(script.executeScript("return window.notReloaded === true")).as("results came by htmx, no reload").isEqualTo(true);
            assertThat(browser.driver().getCurrentUrl()).as("the address follows the filters").contains("participant=");
            assertThat(browser.field("Participant").getAttribute("value")).as("what was typed is kept").isEqualTo(participant);
            assertThat(browser.text()).contains(chosen.title());

            browser.driver().findElement(By.linkText(chosen.title())).sendKeys(org.openqa.selenium.Keys.ENTER);
            browser.waitForPath("/calls/" + chosen.id());
            assertThat(browser.text()).contains("Participants").contains("Transcript").contains("Gong").contains(chosen.transcript().getFirst().text());
            Object ready = Await.until(Duration.ofSeconds(20), () -> script.executeScript(
                    "return document.getElementById('call-player').readyState"), state -> ((Number) state).intValue() >= 1,
                    "the player to load the recording's metadata");
            assertThat(((Number) ready).intValue()).isPositive();
            double duration = ((Number) script.executeScript("return document.getElementById('call-player').duration")).doubleValue();
            assertThat(duration).as("the WAV's length, 8,000 bytes a second").isGreaterThan(15);
            script.executeScript("document.getElementById('call-player').currentTime = 12.5;");
            Await.until(Duration.ofSeconds(20), () -> script.executeScript(
                            "var p = document.getElementById('call-player'); return !p.seeking && p.readyState >= 1 ? p.currentTime : -1"),
                    time -> Math.abs(((Number) time).doubleValue() - 12.5) < 0.5, "the player to seek to 12.5 s");
            assertThat(RECORDING_ANSWERS).as("the player's requests, answered with byte ranges").anyMatch(answer -> answer.startsWith("206 bytes="));
            browser.check("call");

            StoredCall silent = stored.stream().filter(call -> call.recording() == null).findFirst().orElseThrow();
            browser.go("/calls/" + silent.id());
            assertThat(browser.text()).contains("This call has no recording at the platform it came from.");
            browser.go("/calls/" + silent.id() + "/recording");
            assertThat(browser.text()).as("a player's source for a call without one").contains("We can't find that page");
        }
    }

    private void importFromGong(Person person) {
        GONG.usePlayableRecordings();
        GONG.useRecordingSize(8_000 * 20);
        GONG.seed(40, WINDOW, CallMix.TYPICAL, 17);
        UUID connection = connections.create(person.organization(), new Connections.NewConnection("gong", "Gong",
                GongCredentialsFixture.acceptedValues(), Map.of())).id();
        ImportRun run = control.create(person.organization(), connection, WINDOW, person.id());
        control.start(person.organization(), run.id());
        ImportRun done = Await.until(Duration.ofSeconds(90), () -> runs.get(person.organization(), run.id()),
                current -> !current.state().name().matches("QUEUED|RUNNING"), "the import to end");
        assertThat(done.state().name()).as(done.stateReason()).isEqualTo("SUCCEEDED");
    }
}
