package com.callimport.web;

import static com.callimport.testfixtures.ApiClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import com.callimport.testfixtures.RouteTable;
import com.callimport.testfixtures.RouteTable.Route;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import com.callimport.organizations.OrganizationId;
import com.callimport.people.Invitations;
import com.callimport.people.People;
import com.callimport.people.Person;
import com.callimport.people.Role;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Sign-in, the operator's gate and tenancy, proven over the service's own route table: every route it
 * answers, in every spelling, so that an endpoint added later is covered without being listed here.
 */
@EngineIntegrationTest
@TestPropertySource(properties = {"callimport.test.database=routetable", "callimport.metrics-token=test-metrics-token"})
class RouteTableSecurityIntegrationTest {
    private static final GongSimulator GONG = GongSimulator.start();
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-02-02T00:00:00Z"));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String OPERATOR = "test-bootstrap-token";
    private static final String METRICS = "test-metrics-token";
    /** Path variables that name shared, public data (the platform catalogue), not an organization's. */
    private static final Set<String> NOT_TENANT_DATA = Set.of("catalog", "platforms", "sign-in");
    private static TenantA tenantA;
    /** A body every route that takes one accepts as well-formed, so that only ownership can refuse it. */
    private static final String PLAUSIBLE_BODY = json("from", WINDOW.from().toString(), "to", WINDOW.to().toString(),
            "frequency", "DAILY", "historyDays", 1, "name", "x", "overlap", "PT0S");

    @DynamicPropertySource
    static void gong(DynamicPropertyRegistry registry) {
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
    ApplicationContext context;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    People people;
    @Autowired
    Invitations invitations;
    @Autowired
    com.callimport.billing.Checkouts checkouts;
    @Autowired
    com.callimport.pricing.Pricing pricing;

    /** Organization A's things, one of each kind a path variable can name. */
    record TenantA(ApiClient client, String name, Map<String, String> idsBySegment) {
    }

    private static boolean isPublic(Route route) {
        return route.pattern().startsWith("/v3/api-docs") && route.method().equals("GET")
                || route.pattern().startsWith("/actuator/health")
                || route.toString().equals("POST /webhooks/{addressId}")
                || route.toString().equals("POST /webhooks/apps/{platform}")
                || route.toString().equals("POST /webhooks/payments/{method}")
                || route.toString().equals("GET /oauth/callback");
    }

    /** The staff console: it sees every organization by design, so it is "staff only" rather than tenant scoped. */
    private static boolean isStaffs(Route route) {
        return route.pattern().equals("/staff") || route.pattern().startsWith("/staff/");
    }

    private static boolean isOperators(Route route) {
        return route.pattern().startsWith("/api/admin") || route.pattern().startsWith("/actuator") && !isPublic(route);
    }

    @TestFactory
    Stream<DynamicTest> everyRouteButThePublicOnesRefusesARequestWithoutAValidCredentialInEverySpelling() {
        return routes().stream().filter(route -> !isPublic(route) && !route.isPage()).map(route -> dynamicTest(route.toString(), () -> {
            String path = route.anyPath();
            assertThat(send(route.method(), path, null).statusCode()).as(route + " without a token").isEqualTo(401);
            HttpResponse<String> forged = send(route.method(), path, "cie_forged");
            assertThat(forged.statusCode()).as(route + " with a forged token").isEqualTo(401);
            assertThat(forged.headers().firstValue("WWW-Authenticate")).as("RFC 6750 challenge").hasValueSatisfying(
                    challenge -> assertThat(challenge).startsWith("Bearer"));
            for (String spelling : RouteTable.spellingsOf(path)) {
                HttpResponse<String> reply = send(route.method(), spelling, null);
                assertThat(reply.statusCode()).as(route.method() + " " + spelling + " without a token: " + reply.body()).isIn(400, 401);
                assertThat(reply.body()).as(spelling).doesNotContain("apiToken").doesNotContain("Exception");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyPageButSignInAndSignUpSendsASignedOutBrowserToSignInInEverySpelling() {
        List<Route> pages = routes().stream().filter(route -> route.isPage() && !route.isPublicPage()).toList();
        assertThat(pages).as("pages that need a signed-in person").extracting(Route::toString).contains("GET /", "GET /home");
        String organizationToken = tenantA().client().token();
        return pages.stream().map(route -> dynamicTest(route.toString(), () -> {
            String path = route.anyPath();
            HttpResponse<String> browser = send(route.method(), path, null, null, true);
            if (route.method().equals("GET")) {
                assertThat(browser.statusCode()).as(route + " from a signed-out browser").isEqualTo(302);
                assertThat(browser.headers().firstValue("Location")).as(route + " sends to sign-in")
                        .hasValueSatisfying(location -> assertThat(location).endsWith("/sign-in"));
            } else {
                // a signed-out browser holds no CSRF token: refused before anything else
                assertThat(browser.statusCode()).as(route + " from a signed-out browser").isIn(302, 401, 403);
            }
            assertThat(send(route.method(), path, null).statusCode()).as(route + " from a script").isIn(401, 403);
            assertThat(send(route.method(), path, organizationToken, null, true).statusCode())
                    .as(route + " with an API token but no session: a token is for the API only").isIn(302, 401, 403);
            for (String spelling : RouteTable.spellingsOf(path)) {
                HttpResponse<String> reply = send(route.method(), spelling, null, null, true);
                assertThat(reply.statusCode()).as(route.method() + " " + spelling + " from a signed-out browser: " + reply.body())
                        .isIn(302, 400, 401, 403);
                if (reply.statusCode() == 302) {
                    assertThat(reply.headers().firstValue("Location")).as(spelling).hasValueSatisfying(
                            location -> assertThat(location).endsWith("/sign-in"));
                }
                assertThat(reply.body()).as(spelling).doesNotContain("Exception");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> aSignedInPersonReachesNothingOfAnotherOrganizationsThroughAnyPageWithAnId() {
        TenantA a = tenantA();
        SignedIn b = signUp("Umbrella Route Table", "owner@umbrella-route-table.example");
        List<Route> withIds = routes().stream()
                .filter(route -> route.isPage() && !route.isPublicPage() && route.hasVariables() && !isStaffs(route)).toList();
        assertThat(withIds).as("pages with an id").extracting(Route::toString).contains("POST /settings/tokens/{id}/revoke");
        return withIds.stream().map(route -> dynamicTest(route.toString(), () -> {
            List<String> unknown = new ArrayList<>();
            List<String> tenantIds = new ArrayList<>();
            String path = route.path((segment, name) -> {
                if (NOT_TENANT_DATA.contains(segment)) {
                    return "gong";
                }
                tenantIds.add(segment);
                String id = a.idsBySegment().get(segment);
                if (id == null) {
                    unknown.add(segment + "/{" + name + "}");
                    return "unknown";
                }
                return id;
            });
            assertThat(unknown).as("a path variable this test has no organization-A fixture for: add one to tenantA()").isEmpty();
            if (tenantIds.isEmpty()) {
                return; // e.g. a platform's page: the same for everyone, nothing of organization A's in its address
            }
            // the window a wizard step asks for, so that only ownership can refuse the request
            HttpResponse<String> asB = b.send(route.method(), path + "?from=" + WINDOW.from() + "&to=" + WINDOW.to());
            assertThat(asB.statusCode()).as(route + " as another organization's owner: " + asB.body()).isEqualTo(404);
            assertThat(asB.body()).doesNotContain(a.name());
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyStaffRouteAnswersASignedInCustomerWith403InEverySpellingAndAStaffPersonGetsIt() {
        TenantA a = tenantA();
        String suffix = java.util.UUID.randomUUID().toString().substring(0, 8);
        SignedIn customer = signUp("Customer Route Table " + suffix, "owner+" + suffix + "@customer-route-table.example");
        String staffEmail = "csm+" + suffix + "@operator-route-table.example";
        SignedIn staff = signUp("Operator Route Table " + suffix, staffEmail);
        people.setStaff(people.findByEmail(staffEmail).orElseThrow().id(), true);
        List<Route> staffRoutes = routes().stream().filter(RouteTableSecurityIntegrationTest::isStaffs).toList();
        assertThat(staffRoutes).as("the staff console's routes").extracting(Route::toString).contains("GET /staff", "GET /staff/history",
                "GET /staff/jobs", "GET /staff/capabilities", "GET /staff/audit", "GET /staff/organizations/{organizationId}",
                "POST /staff/organizations/{organizationId}/runs/{runId}/resume");
        return staffRoutes.stream().map(route -> dynamicTest(route.toString(), () -> {
            List<String> unknown = new ArrayList<>();
            String path = route.path((segment, name) -> {
                String id = a.idsBySegment().get(segment);
                if (id == null) {
                    unknown.add(segment);
                    return "unknown";
                }
                return id;
            });
            HttpResponse<String> asCustomer = customer.send(route.method(), path);
            assertThat(asCustomer.statusCode()).as(route + " as a customer's owner: " + asCustomer.body()).isEqualTo(403);
            assertThat(asCustomer.body()).doesNotContain(a.name()).doesNotContain("every organization");
            for (String spelling : RouteTable.spellingsOf(path)) {
                HttpResponse<String> reply = customer.send(route.method(), spelling);
                assertThat(reply.statusCode()).as(route.method() + " " + spelling + " as a customer's owner: " + reply.body())
                        .isIn(400, 403, 404);
                assertThat(reply.body()).as(spelling).doesNotContain(a.name()).doesNotContain("every organization")
                        .doesNotContain("Exception");
            }
            if (route.method().equals("GET") && unknown.isEmpty()) {
                HttpResponse<String> asStaff = staff.send("GET", path);
                assertThat(asStaff.statusCode()).as(route + " as staff: " + asStaff.body()).isEqualTo(200);
            } else {
                // an action on ids that name nothing (or an empty form): reaching the page's own answer proves the way in,
                // and changes nothing
                HttpResponse<String> asStaff = staff.send(route.method(), route.anyPath());
                assertThat(asStaff.statusCode()).as(route + " as staff: " + asStaff.body()).isNotIn(401, 403).isLessThan(500);
            }
        }));
    }

    /** A browser session of a freshly signed-up owner, and the CSRF token its pages carry. */
    private record SignedIn(int port, String session, String csrf) {
        HttpResponse<String> send(String method, String path) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30))
                    // as a browser's page or its EventSource would ask
                    .header("Accept", URI.create(path).getPath().endsWith("/stream") ? "text/event-stream" : "text/html")
                    .header("Cookie", "SESSION=" + session)
                    .header("X-CSRF-TOKEN", csrf);
            if (method.equals("GET")) {
                request.GET();
            } else {
                request.header("Content-Type", "application/x-www-form-urlencoded").method(method, HttpRequest.BodyPublishers.ofString(""));
            }
            try {
                return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new AssertionError(method + " " + path + " could not be sent: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private SignedIn signUp(String organization, String email) {
        java.util.regex.Pattern field = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
        java.util.regex.Pattern meta = java.util.regex.Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
        HttpResponse<String> form = send("GET", "/sign-up", null, null, true);
        String anonymous = cookie(form);
        java.util.regex.Matcher token = field.matcher(form.body());
        assertThat(token.find()).isTrue();
        HttpResponse<String> signedUp = new SignedIn(port, anonymous, token.group(1)).send("POST", "/sign-up?organizationName="
                + java.net.URLEncoder.encode(organization, java.nio.charset.StandardCharsets.UTF_8) + "&email="
                + java.net.URLEncoder.encode(email, java.nio.charset.StandardCharsets.UTF_8) + "&password=a%20long%20enough%20password");
        assertThat(signedUp.statusCode()).as(signedUp.body()).isEqualTo(302);
        String session = cookie(signedUp);
        HttpResponse<String> home = new SignedIn(port, session, "").send("GET", "/home");
        java.util.regex.Matcher csrf = meta.matcher(home.body());
        assertThat(csrf.find()).as(home.body()).isTrue();
        return new SignedIn(port, session, csrf.group(1));
    }

    private static String cookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(header -> header.startsWith("SESSION="))
                .map(header -> header.substring("SESSION=".length(), header.indexOf(';'))).reduce((first, last) -> last).orElseThrow();
    }

    @TestFactory
    Stream<DynamicTest> signInAndSignUpAnswerASignedOutBrowser() {
        List<Route> pages = routes().stream().filter(route -> route.isPublicPage() && route.method().equals("GET")).toList();
        assertThat(pages).extracting(Route::toString).containsExactlyInAnyOrder("GET /sign-in", "GET /sign-up", "GET /invitations/{token}",
                "GET /forgot-password", "GET /reset-password/{token}");
        return pages.stream().map(route -> dynamicTest(route.toString(), () -> {
            HttpResponse<String> page = send("GET", route.anyPath(), null, null, true);
            if (route.hasVariables()) {
                // a token that names no invitation or password reset opens nothing
                assertThat(page.statusCode()).isEqualTo(404);
                assertThat(page.body()).containsPattern("This (invitation|password) link doesn");
                return;
            }
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<form").contains("name=\"_csrf\"");
        }));
    }

    @TestFactory
    Stream<DynamicTest> theOperatorsRoutesRefuseAnOrganizationsTokenInEverySpelling() {
        String organizationToken = tenantA().client().token();
        return routes().stream().filter(RouteTableSecurityIntegrationTest::isOperators).map(route -> dynamicTest(route.toString(), () -> {
            String path = route.anyPath();
            assertThat(send(route.method(), path, organizationToken).statusCode()).as(route + " with an organization's token").isEqualTo(403);
            if (route.pattern().startsWith("/api/admin")) {
                assertThat(send(route.method(), path, METRICS).statusCode()).as(route + " with the metrics token").isEqualTo(403);
            }
            for (String spelling : RouteTable.spellingsOf(path)) {
                HttpResponse<String> reply = send(route.method(), spelling, organizationToken);
                assertThat(reply.statusCode()).as(route.method() + " " + spelling + " with an organization's token: " + reply.body())
                        .isIn(400, 403, 404);
            }
            assertThat(send(route.method(), path, OPERATOR).statusCode()).as(route + " with the operator's token").isNotIn(401, 403);
        }));
    }

    @TestFactory
    Stream<DynamicTest> oneOrganizationReachesNothingOfAnothersThroughAnyRouteWithAnId() {
        TenantA a = tenantA();
        ApiClient b = ApiClient.at(port, OPERATOR).newOrganization("Globex");
        List<Route> withIds = routes().stream()
                .filter(route -> route.pattern().startsWith("/api/") && !isOperators(route) && route.hasVariables())
                .toList();
        assertThat(withIds).as("routes with an id").hasSizeGreaterThan(10);
        return withIds.stream().map(route -> dynamicTest(route.toString(), () -> {
            List<String> unknown = new ArrayList<>();
            List<String> tenantIds = new ArrayList<>();
            String path = route.path((segment, name) -> {
                if (NOT_TENANT_DATA.contains(segment)) {
                    return "gong";
                }
                tenantIds.add(segment);
                String id = a.idsBySegment().get(segment);
                if (id == null) {
                    unknown.add(segment + "/{" + name + "}");
                    return "unknown";
                }
                return id;
            });
            assertThat(unknown).as("a path variable this test has no organization-A fixture for: add one to tenantA()").isEmpty();
            if (route.pattern().startsWith("/api/catalog") || route.pattern().startsWith("/api/platforms")) {
                return;
            }
            HttpResponse<String> asB = send(route.method(), path, b.token(), PLAUSIBLE_BODY);
            assertThat(asB.statusCode()).as(route + " as another organization: " + asB.body()).isEqualTo(404);
            assertThat(asB.body()).doesNotContain(a.name());
            if (route.method().equals("GET")) {
                assertThat(send("GET", path, a.client().token()).statusCode()).as(route + " as its own organization").isNotIn(401, 403, 404);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> anotherOrganizationsIdsInAQueryFindNothing() {
        TenantA a = tenantA();
        ApiClient b = ApiClient.at(port, OPERATOR).newOrganization("Initech");
        String query = "?connectionId=" + a.idsBySegment().get("connections") + "&runId=" + a.idsBySegment().get("import-runs");
        return routes().stream()
                .filter(route -> route.method().equals("GET") && route.pattern().startsWith("/api/") && !isOperators(route) && !route.hasVariables())
                .map(route -> dynamicTest(route.toString(), () -> {
                    HttpResponse<String> reply = send("GET", route.pattern() + query, b.token());
                    assertThat(reply.statusCode()).as(route + ": " + reply.body()).isIn(200, 404);
                    // the ids B sent may be echoed in a 404; nothing else of A's may appear
                    Stream.of(a.idsBySegment().get("calls"), a.idsBySegment().get("tokens"), a.name())
                            .forEach(secret -> assertThat(reply.body()).as(route.toString()).doesNotContain(secret));
                }));
    }

    @TestFactory
    Stream<DynamicTest> operatorsSurfacesNeedTheirCredential() {
        return Stream.of("/actuator/metrics", "/actuator/prometheus").map(path -> dynamicTest(path, () -> {
            assertThat(send("GET", path, null).statusCode()).isEqualTo(401);
            assertThat(send("GET", path, tenantA().client().token()).statusCode()).isEqualTo(403);
            assertThat(send("GET", path, METRICS).statusCode()).isEqualTo(200);
            assertThat(send("GET", path, OPERATOR).statusCode()).isEqualTo(200);
            assertThat(send("GET", "/actuator/health", null).statusCode()).isEqualTo(200);
        }));
    }

    private List<Route> routes() {
        List<Route> routes = RouteTable.of(context);
        assertThat(routes).as("the route table").extracting(Route::toString)
                .contains("POST /api/admin/organizations", "GET /api/calls/{id}", "GET /actuator/prometheus", "GET /home");
        return routes;
    }

    private synchronized TenantA tenantA() {
        if (tenantA == null) {
            GONG.seed(3, WINDOW, CallMix.TYPICAL, 9);
            ApiClient client = ApiClient.at(port, OPERATOR).newOrganization("Acme Route Table");
            String connection = client.post("/api/connections", json("platform", "gong", "name", "Acme Route Table Gong",
                    "credentials", Map.of("baseUrl", "https://acme.api.gong.io", "accessKey", GongSimulator.ACCESS_KEY,
                            "accessKeySecret", GongSimulator.ACCESS_KEY_SECRET))).text("id");
            String run = client.post("/api/import-runs", json("connectionId", connection,
                    "from", WINDOW.from().toString(), "to", WINDOW.to().toString())).text("id");
            JsonNode finished = Await.until(Duration.ofSeconds(60), () -> client.get("/api/import-runs/" + run).json(),
                    current -> !current.get("state").asString().matches("QUEUED|RUNNING"), "organization A's import to end");
            assertThat(finished.get("state").asString()).as(finished.toString()).isEqualTo("SUCCEEDED");
            String call = client.get("/api/calls?runId=" + run).json().valueStream()
                    .filter(stored -> stored.hasNonNull("recording")).findFirst().orElseThrow().get("id").asString();
            String token = client.get("/api/tokens").json().get(0).get("id").asString();
            OrganizationId organization = new OrganizationId(jdbc.sql("SELECT id FROM organizations WHERE name = ?")
                    .param("Acme Route Table").query(java.util.UUID.class).single());
            Person owner = people.add(organization, "owner@acme-route-table.example", "a long enough password", Role.OWNER);
            String invitation = invitations.invite(owner, "invitee@acme-route-table.example", Role.MEMBER).invitation().id().toString();
            // an endpoint for no event the fixture makes (a public address, never contacted), and a delivery already made
            String endpoint = client.post("/api/event-endpoints", json("url", "https://93.184.215.14/acme-route-table",
                    "eventTypes", List.of("sync.failing"))).json().get("endpoint").get("id").asString();
            String delivery = jdbc.sql("""
                    INSERT INTO event_deliveries (id, organization_id, endpoint_id, event_id, position, subject_id, state, next_attempt_at,
                        created_at, delivered_at)
                    SELECT gen_random_uuid(), organization_id, ?, id, 0, subject_id, 'DELIVERED', now(), now(), now()
                    FROM events WHERE organization_id = ? LIMIT 1 RETURNING id""")
                    .params(java.util.UUID.fromString(endpoint), organization.value()).query(String.class).single();
            String otherCall = client.get("/api/calls?runId=" + run).json().valueStream().map(stored -> stored.get("id").asString())
                    .filter(id -> !id.equals(call)).findFirst().orElseThrow();
            String link = jdbc.sql("""
                    INSERT INTO same_conversation_links (id, organization_id, primary_call_id, linked_call_id, evidence, created_at)
                    VALUES (gen_random_uuid(), ?, ?, ?, '{"overlapSeconds":0,"startsApartSeconds":0,"sharedParticipants":[]}', now())
                    RETURNING id""")
                    .params(organization.value(), java.util.UUID.fromString(otherCall), java.util.UUID.fromString(call))
                    .query(String.class).single();
            String teammate = people.add(organization, "member@acme-route-table.example", "a long enough password", Role.MEMBER).id().toString();
            // a billable import waiting at checkout (no payment method is configured here, and none is needed to read it)
            String checkout = checkouts.begin(organization, java.util.UUID.fromString(connection), "gong", WINDOW,
                    pricing.quote("gong", "standard", 5_000, 0, 0, List.of()), "route-table", owner.id()).id().toString();
            tenantA = new TenantA(client, "Acme Route Table", Map.ofEntries(
                    Map.entry("connections", connection),
                    Map.entry("import-runs", run),
                    Map.entry("imports", run),
                    Map.entry("calls", call),
                    Map.entry("tokens", token),
                    Map.entry("invitations", invitation),
                    Map.entry("people", teammate),
                    Map.entry("event-endpoints", endpoint),
                    Map.entry("deliveries", delivery),
                    Map.entry("same-conversation", link),
                    Map.entry("dialer", connection),
                    Map.entry("organizations", organization.value().toString()),
                    Map.entry("runs", run),
                    Map.entry("checkout", checkout)));
        }
        return tenantA;
    }

    private HttpResponse<String> send(String method, String rawPath, String token) {
        return send(method, rawPath, token, "{}");
    }

    private HttpResponse<String> send(String method, String rawPath, String token, String body) {
        return send(method, rawPath, token, body, false);
    }

    /** As a browser does when {@code asBrowser}: asking for HTML. */
    private HttpResponse<String> send(String method, String rawPath, String token, String body, boolean asBrowser) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + rawPath))
                .timeout(Duration.ofSeconds(30));
        if (asBrowser) {
            request.header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        }
        if (body == null) {
            body = "";
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        boolean hasBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        request.method(method, hasBody ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
        if (hasBody) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + rawPath + " could not be sent: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
