package com.callimport.bench;

import com.callimport.CallImportApplication;
import com.callimport.connections.Connections;
import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.CallMix;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.imports.ImportControl;
import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRuns;
import com.callimport.organizations.OrganizationId;
import com.callimport.people.People;
import com.callimport.people.Person;
import com.callimport.people.Role;
import com.callimport.progress.ProgressFollowers;
import com.callimport.testfixtures.TestDatabase;
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
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Page latency while a Gong import of N calls runs and F signed-in people follow its progress page: each follower
 * keeps the page's event stream open (as the browser's htmx does) and reloads the page every two seconds; every
 * tenth second it also reconnects its stream. Prints p50/p95/max of the page's full response, of the stream's
 * first event after connecting, and the gaps between the stream's progress updates, with how many database polls
 * fed them.
 *
 * <p>Two kinds of import: {@code unpaced} (the default) imports as fast as two cores allow, with the vendor's rate
 * budget off and 16 workers, which no real vendor permits; {@code paced} keeps the vendor's documented rate budget and
 * the production worker count, as a customer's import really runs.
 *
 * <p>The first {@code warm-up} seconds are reported apart: a service that has just started loads classes and compiles
 * its code on its first requests, which says how a deploy feels, not how a running service answers.
 *
 * Usage: {@code PageLatencyBenchmark [calls] [followers] [seconds] [vendor delay ms] [unpaced|paced] [warm-up seconds]}
 * (default 10000 50 45 20 unpaced 0)
 */
public final class PageLatencyBenchmark {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final String PASSWORD = "benchmark password";
    private static final AtomicLong STALLED = new AtomicLong();

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int followers = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 45;
        int vendorDelayMillis = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        boolean paced = args.length > 4 && args[4].equals("paced");
        int warmUpSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        int days = Math.max(1, calls / 200);
        Instant to = Instant.now().minus(Duration.ofDays(1));
        DateWindow window = new DateWindow(to.minus(Duration.ofDays(days)), to);

        try (GongSimulator gong = GongSimulator.start()) {
            gong.seed(calls, window, CallMix.TYPICAL, 2026);
            gong.delayResponses(Duration.ofMillis(vendorDelayMillis)); // an import that lasts past the measurement
            ConfigurableApplicationContext service = SpringApplication.run(CallImportApplication.class,
                    "--server.port=0",
                    "--spring.datasource.url=" + TestDatabase.url(),
                    "--spring.datasource.username=" + TestDatabase.user(),
                    "--spring.datasource.password=" + TestDatabase.password(),
                    "--spring.datasource.hikari.maximum-pool-size=30",
                    "--callimport.data-directory=" + Files.createTempDirectory("callimport-bench-"),
                    "--callimport.platforms.gong.base-url=" + gong.baseUrl(),
                    "--callimport.rate-budgets=" + paced,
                    "--jobrunr.background-job-server.worker-count=" + (paced ? 8 : 16),
                    "--logging.level.com.callimport=WARN");
            try {
                int port = ((WebServerApplicationContext) service).getWebServer().getPort();
                run(service, URI.create("http://127.0.0.1:" + port), window, calls, followers, warmUpSeconds, seconds, paced);
            } finally {
                service.close();
            }
        }
        System.exit(0);
    }

    private static void run(ConfigurableApplicationContext service, URI base, DateWindow window, int calls, int followerCount,
                            int warmUpSeconds, int seconds, boolean paced) throws Exception {
        People people = service.getBean(People.class);
        String suffix = Long.toString(System.nanoTime(), 36);
        Person owner = people.signUp("Page latency " + suffix, "owner-" + suffix + "@bench.example", PASSWORD);
        OrganizationId organization = owner.organization();
        var connection = service.getBean(Connections.class).create(organization,
                new Connections.NewConnection("gong", "Gong", GongCredentialsFixture.acceptedValues(), Map.of()));
        ImportControl control = service.getBean(ImportControl.class);
        ImportRun run = control.create(organization, connection.id(), window);
        control.start(organization, run.id());
        String page = "/imports/" + run.id();

        List<Follower> followers = new ArrayList<>();
        for (int i = 0; i < followerCount; i++) {
            String email = "follower-" + i + "-" + suffix + "@bench.example";
            people.add(organization, email, PASSWORD, Role.MEMBER);
            followers.add(Follower.signIn(base, email));
        }
        System.out.printf("%d followers signed in; run %s started%n", followerCount, run.id());

        Samples warmingUp = new Samples();
        Samples measured = new Samples();
        AtomicReference<Samples> samples = new AtomicReference<>(warmUpSeconds > 0 ? warmingUp : measured);
        AtomicBoolean measuring = new AtomicBoolean(true);
        Instant warm = Instant.now().plusSeconds(warmUpSeconds);
        Instant end = warm.plusSeconds(seconds);
        ImportRuns runs = service.getBean(ImportRuns.class);
        ProgressFollowers feeds = service.getBean(ProgressFollowers.class);
        int peakFollowers = 0;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch done = new CountDownLatch(followers.size() * 2);
            for (Follower follower : followers) {
                threads.submit(() -> {
                    try {
                        while (measuring.get()) {
                            follower.followFor(page + "/stream", Duration.ofSeconds(10), measuring, samples);
                        }
                    } finally {
                        done.countDown();
                    }
                    return null;
                });
                threads.submit(() -> {
                    try {
                        while (measuring.get()) {
                            long started = System.nanoTime();
                            HttpResponse<String> answer = follower.get(page);
                            if (answer.statusCode() != 200) {
                                throw new IllegalStateException("the progress page answered " + answer.statusCode());
                            }
                            samples.get().pageMillis().add((System.nanoTime() - started) / 1_000_000);
                            Thread.sleep(2_000); // a person reloading now and then, not a load test of one page
                        }
                    } finally {
                        done.countDown();
                    }
                    return null;
                });
            }
            while (Instant.now().isBefore(end)) {
                Thread.sleep(500);
                if (!Instant.now().isBefore(warm)) {
                    samples.set(measured);
                }
                peakFollowers = Math.max(peakFollowers, feeds.followers());
            }
            measuring.set(false);
            done.await();
        }
        ImportRun after = runs.get(organization, run.id());
        System.out.println();
        System.out.printf("Page latency benchmark: a Gong import of %,d calls running (%s), %d signed-in followers, %d s%n",
                calls, paced ? "paced by Gong's rate budget, 8 workers" : "unpaced: no rate budget, 16 workers", followerCount, seconds);
        System.out.printf("  run during the measurement  %s, %,d of %,d calls listed%n", after.state(), after.counts().listed(),
                after.expectedCalls().orElse(calls));
        if (warmUpSeconds > 0) {
            System.out.printf("  the first %d s after start, while the service warms up (not in the figures below):%n", warmUpSeconds);
            warmingUp.print("    ");
            System.out.printf("  the next %d s:%n", seconds);
        }
        measured.print("  ");
        System.out.printf("  streams without an answer   %d (20 s)%n", STALLED.get());
        System.out.printf("  followers on the instance   %d at peak, one database poll per second for the run%n", peakFollowers);
    }

    private static String percentiles(List<Long> samples) {
        if (samples.isEmpty()) {
            return "no samples";
        }
        List<Long> sorted;
        synchronized (samples) {
            sorted = new ArrayList<>(samples);
        }
        Collections.sort(sorted);
        return String.format("p50 %d ms, p95 %d ms, max %d ms", sorted.get(sorted.size() / 2),
                sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.95) - 1)), sorted.getLast());
    }

    /** What the followers timed in one phase of the run. */
    private record Samples(List<Long> pageMillis, List<Long> firstEventMillis, List<Long> updateGapMillis, AtomicLong events) {
        Samples() {
            this(Collections.synchronizedList(new ArrayList<>()), Collections.synchronizedList(new ArrayList<>()),
                    Collections.synchronizedList(new ArrayList<>()), new AtomicLong());
        }

        void print(String indent) {
            System.out.printf("%sprogress page (full GET)    %s over %d loads%n", indent, percentiles(pageMillis), pageMillis.size());
            System.out.printf("%sstream, connect to 1st event %s over %d connects%n", indent, percentiles(firstEventMillis), firstEventMillis.size());
            System.out.printf("%sstream, gap between updates %s over %,d events (poll interval 1 s)%n", indent, percentiles(updateGapMillis),
                    events.get());
        }
    }

    /** One signed-in browser session, as plain HTTP. */
    private record Follower(HttpClient http, URI base) {
        static Follower signIn(URI base, String email) throws Exception {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                    .connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            Follower follower = new Follower(http, base);
            Matcher token = CSRF.matcher(follower.get("/sign-in").body());
            if (!token.find()) {
                throw new IllegalStateException("the sign-in page has no CSRF token");
            }
            String form = "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
            HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(base.resolve("/sign-in"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (signedIn.statusCode() != 302 || !signedIn.headers().firstValue("Location").orElse("").endsWith("/home")) {
                throw new IllegalStateException("sign-in of " + email + " answered " + signedIn.statusCode() + " " + signedIn.headers().map());
            }
            follower.get("/home"); // where sign-in leads a browser, before it opens anything else
            return follower;
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/html").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** Holds the stream open for a while, timing its first event and the gaps between progress updates. */
        void followFor(String path, Duration hold, AtomicBoolean measuring, AtomicReference<Samples> samples) throws Exception {
            long started = System.nanoTime();
            HttpResponse<InputStream> stream;
            try {
                stream = http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                        .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (java.net.http.HttpTimeoutException silent) {
                STALLED.incrementAndGet(); // no answer at all within 20 s: counted and reported, not waited for
                return;
            }
            if (stream.statusCode() != 200) {
                throw new IllegalStateException("the stream answered " + stream.statusCode());
            }
            long until = started + hold.toNanos();
            long lastEvent = 0;
            try (InputStream body = stream.body(); BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("event:")) {
                        long now = System.nanoTime();
                        Samples into = samples.get();
                        if (lastEvent == 0) {
                            into.firstEventMillis().add((now - started) / 1_000_000);
                        } else if (line.contains("progress")) {
                            into.updateGapMillis().add((now - lastEvent) / 1_000_000);
                        }
                        lastEvent = now;
                        into.events().incrementAndGet();
                        if (line.contains("ended")) {
                            measuring.set(false);
                        }
                    }
                    if (System.nanoTime() > until || !measuring.get()) {
                        break; // closing the connection, as a browser leaving the page does
                    }
                }
            }
        }
    }
}
