package com.callimport.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callimport.connections.Connections;
import com.callimport.connector.DateWindow;
import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRunState;
import com.callimport.imports.ImportRuns;
import com.callimport.organizations.OrganizationId;
import com.callimport.organizations.Organizations;
import com.callimport.testfixtures.Await;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Followers see what PostgreSQL holds, whoever wrote it: here the test writes a run's counts and state as another
 * instance's workers would, and nothing runs a job in this one.
 */
@EngineIntegrationTest
@TestPropertySource(properties = {"callimport.test.database=progress_followers", "callimport.progress.poll-interval=50ms",
        "callimport.progress.keep-alive=100ms", "callimport.progress.max-followers=3"})
class ProgressFollowersIntegrationTest {
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-02T00:00:00Z"));

    @Autowired
    ProgressFollowers followers;
    @Autowired
    ImportRuns runs;
    @Autowired
    Organizations organizations;
    @Autowired
    Connections connections;
    @Autowired
    JdbcClient jdbc;

    OrganizationId organization;
    UUID runId;
    final List<ProgressFollowers.Following> held = new CopyOnWriteArrayList<>();

    @BeforeEach
    void aRunOfAnOrganization() {
        organization = organizations.create("Followed", null).organization().id();
        UUID connection = connections.create(organization, new Connections.NewConnection("gong", "Gong", Map.of(
                "baseUrl", "https://us-12345.api.gong.io", "accessKey", "AK", "accessKeySecret", "secret"), Map.of())).id();
        runId = runs.create(organization, connection, ImportRun.Kind.BACKFILL, WINDOW, List.of(WINDOW), OptionalLong.of(40)).id();
    }

    @AfterEach
    void letGo() {
        held.forEach(ProgressFollowers.Following::stop);
    }

    @Test
    void aFollowerSeesTheCountsAnotherInstanceWritesAndIsLetGoWhenTheRunEnds() {
        Recording browser = follow(new Recording());
        runs.transition(runId, ImportRunState.RUNNING, null);
        jdbc.sql("UPDATE import_runs SET listed_calls = 10, imported_calls = 10 WHERE id = ?").param(runId).update();

        RunProgress midway = Await.until(Duration.ofSeconds(10), browser::latest,
                seen -> seen != null && seen.counts().imported() == 10, "the follower to see 10 calls imported");
        assertThat(midway.state()).isEqualTo(ImportRunState.RUNNING);
        assertThat(midway.percentDone()).contains(25.0);
        assertThat(midway.recentEvents()).first().extracting(ImportRuns.ImportEvent::kind).isEqualTo("RUNNING");

        jdbc.sql("UPDATE import_runs SET listed_calls = 40, imported_calls = 40 WHERE id = ?").param(runId).update();
        runs.transition(runId, ImportRunState.SUCCEEDED, "import complete");

        Await.until(Duration.ofSeconds(10), browser.ended::get, Boolean::booleanValue, "the stream to end with the run");
        assertThat(browser.latest().state()).isEqualTo(ImportRunState.SUCCEEDED);
        assertThat(browser.latest().counts().imported()).isEqualTo(40);
        Await.until(Duration.ofSeconds(10), followers::followedRuns, count -> count == 0, "the run's poll to stop");
        assertThat(followers.followers()).isZero();
    }

    @Test
    void everyFollowerOfARunSharesItsOnePollAndGetsTheSameSnapshots() {
        List<Recording> browsers = List.of(follow(new Recording()), follow(new Recording()), follow(new Recording()));
        runs.transition(runId, ImportRunState.RUNNING, null);

        assertThat(followers.followedRuns()).isEqualTo(1);
        for (Recording browser : browsers) {
            Await.until(Duration.ofSeconds(10), browser::latest, seen -> seen != null && seen.state() == ImportRunState.RUNNING,
                    "every follower to see the run start");
        }
    }

    @Test
    void followersBeyondTheInstancesLimitAreRefusedUntilOneLeaves() {
        follow(new Recording());
        follow(new Recording());
        ProgressFollowers.Following third = followers.follow(organization, runId, new Recording());

        assertThatThrownBy(() -> followers.follow(organization, runId, new Recording()))
                .isInstanceOf(TooManyFollowers.class).hasMessageContaining("3 followers");

        third.stop();
        third.stop(); // a closed stream may report its end twice
        assertThat(followers.followers()).isEqualTo(2);
        held.add(followers.follow(organization, runId, new Recording()));
    }

    @Test
    void aFollowerWhoseBrowserWentAwayIsLetGoAndTheOthersKeepTheirUpdates() {
        Recording gone = follow(new Recording());
        gone.closed.set(true);
        Recording staying = follow(new Recording());
        runs.transition(runId, ImportRunState.RUNNING, null);

        Await.until(Duration.ofSeconds(10), gone.ended::get, Boolean::booleanValue, "the closed follower to be let go");
        Await.until(Duration.ofSeconds(10), staying::latest, seen -> seen != null && seen.state() == ImportRunState.RUNNING,
                "the other follower to see the run start");
        assertThat(followers.followers()).isEqualTo(1);
    }

    @Test
    void aQuietRunSendsKeepAlivesInsteadOfRepeatingItself() {
        Recording browser = follow(new Recording());
        runs.transition(runId, ImportRunState.RUNNING, null);
        runs.transition(runId, ImportRunState.PAUSED, "paused by the customer");
        Await.until(Duration.ofSeconds(10), browser::latest, seen -> seen != null && seen.state() == ImportRunState.PAUSED,
                "the pause to be seen");
        int snapshots = browser.snapshots.size();

        Await.until(Duration.ofSeconds(10), browser.keepAlives::get, count -> count >= 2, "keep-alives while nothing changes");
        assertThat(browser.snapshots).hasSize(snapshots);
        assertThat(browser.ended).isFalse(); // a paused run can be resumed, so its followers stay
    }

    @Test
    void anotherOrganizationCannotFollowTheRun() {
        OrganizationId other = organizations.create("Elsewhere", null).organization().id();

        assertThatThrownBy(() -> followers.follow(other, runId, new Recording())).isInstanceOf(ImportRuns.ImportRunNotFound.class);
        assertThat(followers.followers()).isZero();
    }

    private Recording follow(Recording browser) {
        held.add(followers.follow(organization, runId, browser));
        return browser;
    }

    /** A follower that keeps what it was sent, and can play a browser that closed its connection. */
    static final class Recording implements ProgressListener {
        final List<RunProgress> snapshots = new CopyOnWriteArrayList<>();
        final AtomicInteger keepAlives = new AtomicInteger();
        final AtomicBoolean ended = new AtomicBoolean();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public void progressed(RunProgress progress) throws IOException {
            if (closed.get()) {
                throw new IOException("Broken pipe");
            }
            snapshots.add(progress);
        }

        @Override
        public void keepAlive() throws IOException {
            if (closed.get()) {
                throw new IOException("Broken pipe");
            }
            keepAlives.incrementAndGet();
        }

        @Override
        public void ended() {
            ended.set(true);
        }

        RunProgress latest() {
            return snapshots.isEmpty() ? null : snapshots.getLast();
        }
    }
}
