package com.callimport.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.CallImportApplication;
import com.callimport.credentials.VaultKeyset;
import com.callimport.testfixtures.TestDatabase;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Browser sessions as HTTP sees them: they live in PostgreSQL, so a person stays signed in when the
 * instance that signed them in is restarted; a form without its CSRF token changes nothing; an htmx
 * request from a signed-out page is told to send the window to sign-in.
 */
class BrowserSessionsIntegrationTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern CSRF_META = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");

    private static ConfigurableApplicationContext instance(String keyset, Path data) {
        return new SpringApplication(CallImportApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + TestDatabase.url("browsersessions"),
                "--spring.datasource.username=" + TestDatabase.user(),
                "--spring.datasource.password=" + TestDatabase.password(),
                "--callimport.data-directory=" + data,
                "--callimport.vault.keyset=" + keyset,
                "--jobrunr.background-job-server.enabled=false",
                "--callimport.web.sign-in-attempts=3");
    }

    @Test
    void aSignedInPersonStaysSignedInAcrossARestartFormsNeedTheirCsrfTokenAndSignInsAreThrottled() throws Exception {
        Path data = Files.createTempDirectory("callimport-sessions-");
        String keyset = VaultKeyset.generate();
        String email = "sessions-" + System.nanoTime() + "@acme.example";
        String session;
        try (ConfigurableApplicationContext first = instance(keyset, data)) {
            URI base = base(first);
            for (String asset : java.util.List.of("/webjars/bootstrap/css/bootstrap.min.css", "/webjars/htmx.org/dist/htmx.min.js",
                    "/webjars/htmx-ext-sse/sse.js", "/css/app.css", "/js/app.js")) {
                assertThat(send(base, "GET", asset, null, null, Map.of()).statusCode()).as(asset + " without signing in").isEqualTo(200);
            }
            HttpResponse<String> form = send(base, "GET", "/sign-up", null, null, Map.of());
            String cookie = sessionCookie(form);
            String csrf = find(CSRF_FIELD, form.body());

            HttpResponse<String> withoutToken = send(base, "POST", "/sign-up", cookie, null,
                    Map.of("organizationName", "Sessions Co", "email", email, "password", "a long enough password"));
            assertThat(withoutToken.statusCode()).as("a sign-up without its CSRF token is refused").isEqualTo(302);
            assertThat(withoutToken.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith("/sign-in"));

            HttpResponse<String> signedUp = send(base, "POST", "/sign-up", cookie, null,
                    Map.of("_csrf", csrf, "organizationName", "Sessions Co", "email", email, "password", "a long enough password"));
            assertThat(signedUp.statusCode()).as(signedUp.body()).isEqualTo(302);
            assertThat(signedUp.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith("/home"));
            session = sessionCookie(signedUp);
            assertThat(session).as("a new session id once signed in").isNotEqualTo(cookie);
            assertThat(send(base, "GET", "/home", session, null, Map.of()).body()).contains(email);
        }

        try (ConfigurableApplicationContext second = instance(keyset, data)) {
            URI base = base(second);
            HttpResponse<String> home = send(base, "GET", "/home", session, null, Map.of());
            assertThat(home.statusCode()).as("the session outlived the instance that made it").isEqualTo(200);
            assertThat(home.body()).contains(email).contains("Sessions Co");

            HttpResponse<String> forgedSignOut = send(base, "POST", "/sign-out", session, null, Map.of());
            assertThat(forgedSignOut.statusCode()).as("a sign-out without the CSRF token is refused").isEqualTo(403);
            assertThat(send(base, "GET", "/home", session, null, Map.of()).statusCode()).as("still signed in").isEqualTo(200);

            HttpResponse<String> htmxWithToken = send(base, "GET", "/home", session, find(CSRF_META, home.body()), Map.of());
            assertThat(htmxWithToken.statusCode()).isEqualTo(200);

            HttpResponse<String> signedOut = send(base, "POST", "/sign-out", session, null, Map.of("_csrf", find(CSRF_META, home.body())));
            assertThat(signedOut.statusCode()).isEqualTo(302);
            assertThat(signedOut.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith("/sign-in?signed-out"));

            HttpResponse<String> htmxSignedOut = send(base, "GET", "/home", session, "any", Map.of());
            assertThat(htmxSignedOut.statusCode()).as("an htmx request after signing out").isEqualTo(401);
            assertThat(htmxSignedOut.headers().firstValue("HX-Redirect")).hasValue("/sign-in");
            assertThat(send(base, "GET", "/", null, null, Map.of()).headers().firstValue("Location"))
                    .as("the root sends a signed-out browser to sign-in").hasValueSatisfying(to -> assertThat(to).endsWith("/sign-in"));

            HttpResponse<String> signInPage = send(base, "GET", "/sign-in", null, null, Map.of());
            String browser = sessionCookie(signInPage);
            String token = find(CSRF_FIELD, signInPage.body());
            for (int attempt = 1; attempt <= 3; attempt++) {
                HttpResponse<String> wrong = send(base, "POST", "/sign-in", browser, null,
                        Map.of("_csrf", token, "email", email, "password", "not the password " + attempt));
                assertThat(wrong.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith("/sign-in?error"));
                assertThat(send(base, "GET", "/sign-in?error", browser, null, Map.of()).body())
                        .contains("That email and password do not match an account.");
            }
            HttpResponse<String> fourth = send(base, "POST", "/sign-in", browser, null,
                    Map.of("_csrf", token, "email", email.toUpperCase(java.util.Locale.ROOT), "password", "a long enough password"));
            assertThat(fourth.statusCode()).as("throttled, even with the right password: not a 5xx").isEqualTo(302);
            assertThat(fourth.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).endsWith("/sign-in?error"));
            assertThat(send(base, "GET", "/sign-in?error", browser, null, Map.of()).body())
                    .contains("Too many sign-in attempts for this email. Wait");
        }
    }

    private static URI base(ConfigurableApplicationContext context) {
        return URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    /** As a browser sends it: HTML wanted; a form body when {@code form} is not empty; htmx's headers when {@code htmxCsrf} is set. */
    private static HttpResponse<String> send(URI base, String method, String path, String cookie, String htmxCsrf,
                                             Map<String, String> form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");
        if (cookie != null) {
            request.header("Cookie", "SESSION=" + cookie);
        }
        if (htmxCsrf != null) {
            request.header("HX-Request", "true").header("X-CSRF-TOKEN", htmxCsrf);
        }
        Map<String, String> fields = new LinkedHashMap<>(form);
        String body = fields.entrySet().stream()
                .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        if (method.equals("POST")) {
            request.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.GET();
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sessionCookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(header -> header.startsWith("SESSION="))
                .map(header -> header.substring("SESSION=".length(), header.indexOf(';')))
                .reduce((first, last) -> last)
                .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers().map()));
    }

    private static String find(Pattern pattern, String html) {
        Matcher matcher = pattern.matcher(html);
        assertThat(matcher.find()).as("the page carries its CSRF token: " + pattern).isTrue();
        return matcher.group(1);
    }
}
