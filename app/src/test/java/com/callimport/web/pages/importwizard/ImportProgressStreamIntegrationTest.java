package com.callimport.web.pages.importwizard;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.connections.Connections;
import com.callimport.connector.DateWindow;
import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRunState;
import com.callimport.imports.ImportRuns;
import com.callimport.people.People;
import com.callimport.people.Person;
import com.callimport.people.Role;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The progress page's event stream over plain HTTP with a signed-in session: what it sends, when it ends, and who may
 * follow and press. The run's counts and state are written as another instance's workers would.
 */
@EngineIntegrationTest
@TestPropertySource(properties = {"callimport.test.database=import_progress_stream", "callimport.progress.poll-interval=50ms"})
class ImportProgressStreamIntegrationTest {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final String PASSWORD = "correct horse battery";
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-02T00:00:00Z"));

    @LocalServerPort
    int port;
    @Autowired
    People people;
    @Autowired
    Connections connections;
    @Autowired
    ImportRuns runs;
    @Autowired
    JdbcClient jdbc;

    Person owner;
    UUID runId;

    @BeforeEach
    void aRun() {
        owner = people.signUp("Streamed", "owner-" + UUID.randomUUID() + "@streamed.example", PASSWORD);
        UUID connection = connections.create(owner.organization(), new Connections.NewConnection("gong", "Gong", Map.of(
                "baseUrl", "https://us-12345.api.gong.io", "accessKey", "AK", "accessKeySecret", "secret"), Map.of())).id();
        runId = runs.create(owner.organization(), connection, ImportRun.Kind.BACKFILL, WINDOW, List.of(WINDOW), OptionalLong.of(40)).id();
        runs.transition(runId, ImportRunState.RUNNING, null);
    }

    @Test
    void theStreamSendsTheCountsAsTheyChangeAndTheFinalPanelWhenTheRunEnds() throws Exception {
        Session session = Session.signIn(port, owner.email());
        HttpResponse<InputStream> stream = session.stream("/imports/" + runId + "/stream?shown=RUNNING");
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));

        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            List<String> first = nextEvent(lines);
            assertThat(first).first().isEqualTo("event:progress");
            assertThat(String.join("\n", first)).contains("id=\"count-imported\"").contains("<progress");

            jdbc.sql("UPDATE import_runs SET listed_calls = 40, imported_calls = 40 WHERE id = ?").param(runId).update();
            runs.transition(runId, ImportRunState.SUCCEEDED, "import complete");
            List<String> event;
            do {
                event = nextEvent(lines);
            } while (!event.isEmpty() && !event.getFirst().equals("event:ended"));
            String ended = String.join("\n", event);
            assertThat(ended).contains("Import complete!").contains("40</span> calls ready to analyze").contains("href=\"/calls\"")
                    .doesNotContain("sse-connect");
            assertThat(lines.readLine()).as("the stream closes after the final panel").isNull();
        }
    }

    @Test
    void anotherOrganizationsPersonCannotFollowOrPress() throws Exception {
        Person stranger = people.signUp("Elsewhere", "stranger-" + UUID.randomUUID() + "@elsewhere.example", PASSWORD);
        Session session = Session.signIn(port, stranger.email());

        assertThat(session.stream("/imports/" + runId + "/stream").statusCode()).isEqualTo(404);
        assertThat(session.get("/imports/" + runId).statusCode()).isEqualTo(404);
        assertThat(session.post("/imports/" + runId + "/pause").statusCode()).isEqualTo(404);
        assertThat(runs.get(owner.organization(), runId).state()).isEqualTo(ImportRunState.RUNNING);
    }

    @Test
    void aMemberFollowsTheRunButIsRefusedItsButtons() throws Exception {
        String email = "member-" + UUID.randomUUID() + "@streamed.example";
        people.add(owner.organization(), email, PASSWORD, Role.MEMBER);
        Session member = Session.signIn(port, email);

        HttpResponse<String> page = member.get("/imports/" + runId);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Importing").doesNotContain(">Pause<").doesNotContain(">Cancel import<");
        for (String action : List.of("pause", "resume", "cancel")) {
            assertThat(member.post("/imports/" + runId + "/" + action).statusCode()).as(action).isEqualTo(403);
        }
        assertThat(member.get("/import").statusCode()).isEqualTo(403);
        assertThat(runs.get(owner.organization(), runId).state()).isEqualTo(ImportRunState.RUNNING);
    }

    private static List<String> nextEvent(BufferedReader lines) throws Exception {
        List<String> event = new ArrayList<>();
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isEmpty()) {
                if (!event.isEmpty() && !event.getFirst().startsWith(":")) {
                    return event;
                }
                event.clear(); // a keep-alive comment
                continue;
            }
            event.add(line);
        }
        return event;
    }

    /** A browser's signed-in session, as plain HTTP with its cookie and CSRF token. */
    private record Session(HttpClient http, URI base, String csrf) {
        static Session signIn(int port, String email) throws Exception {
            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            URI base = URI.create("http://127.0.0.1:" + port);
            String signInToken = token(http.send(HttpRequest.newBuilder(base.resolve("/sign-in")).header("Accept", "text/html").build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(base.resolve("/sign-in"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)
                            + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + signInToken)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signedIn.statusCode()).as("signing in " + email).isEqualTo(302);
            String home = http.send(HttpRequest.newBuilder(base.resolve("/home")).header("Accept", "text/html").build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return new Session(http, base, token(home));
        }

        private static String token(String page) {
            Matcher matcher = CSRF.matcher(page);
            assertThat(matcher.find()).as("a CSRF token on the page").isTrue();
            return URLEncoder.encode(matcher.group(1), StandardCharsets.UTF_8);
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/html")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<InputStream> stream(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        }
    }
}
