package com.callimport.progress;

import com.callimport.imports.ImportRuns;
import com.callimport.organizations.OrganizationId;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Everyone on this instance following a run's progress. A followed run is read from PostgreSQL once per
 * {@code poll-interval} however many follow it, and each follower gets a snapshot when it starts and whenever what it
 * would see changes; a run that ends is announced and its followers let go. Reading the database rather than the
 * workers' memory keeps progress live whichever instance runs the job.
 *
 * <p>Thread-safe. Listeners are called on the run's polling thread (a virtual thread), never two at once for one run.
 */
@Component
public class ProgressFollowers {
    private static final Logger log = LoggerFactory.getLogger(ProgressFollowers.class);

    private final RunProgressReader reader;
    private final ProgressProperties properties;
    private final Clock clock;
    private final ScheduledExecutorService poller = Executors.newScheduledThreadPool(2, Thread.ofVirtual().name("run-progress-", 0).factory());
    private final Map<UUID, RunFeed> feeds = new ConcurrentHashMap<>();
    private final AtomicInteger followers = new AtomicInteger();

    ProgressFollowers(RunProgressReader reader, ProgressProperties properties, Clock clock) {
        this.reader = reader;
        this.properties = properties;
        this.clock = clock;
    }

    /** One follower's hold on a run; {@link #stop()} when its connection closes. */
    public interface Following {
        /** Stops following; harmless to call more than once or after the run ended. */
        void stop();
    }

    /**
     * Starts following a run of the organization; the listener gets the current snapshot at once (on the polling thread).
     *
     * @throws ImportRuns.ImportRunNotFound when the run is not the organization's
     * @throws TooManyFollowers            when this instance already serves {@code max-followers}
     */
    public Following follow(OrganizationId organization, UUID runId, ProgressListener listener) {
        reader.read(organization, runId); // the organization's run, or not found before anything is held
        if (followers.incrementAndGet() > properties.maxFollowers()) {
            followers.decrementAndGet();
            throw new TooManyFollowers(properties.maxFollowers());
        }
        Follower follower = new Follower(listener);
        RunFeed feed = feeds.compute(runId, (id, existing) -> {
            RunFeed joined = existing == null ? new RunFeed(organization, id) : existing;
            joined.followers.add(follower);
            return joined;
        });
        feed.welcome();
        return () -> feed.leave(follower);
    }

    /** Followers on this instance now, over all runs. */
    public int followers() {
        return followers.get();
    }

    /** Runs this instance is polling now. */
    public int followedRuns() {
        return feeds.size();
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
        feeds.values().forEach(RunFeed::endAll);
    }

    private final class Follower {
        final ProgressListener listener;
        final AtomicBoolean gone = new AtomicBoolean();
        volatile boolean greeted;
        Instant lastMessage;

        Follower(ProgressListener listener) {
            this.listener = listener;
        }
    }

    /** The followers of one run, and its one poll. */
    private final class RunFeed {
        final OrganizationId organization;
        final UUID runId;
        final List<Follower> followers = new CopyOnWriteArrayList<>();
        final ReentrantLock lock = new ReentrantLock();
        final ScheduledFuture<?> poll;
        RunProgress last;

        RunFeed(OrganizationId organization, UUID runId) {
            this.organization = organization;
            this.runId = runId;
            this.poll = poller.scheduleWithFixedDelay(this::tick, 0, properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Greets a new follower with the last snapshot without waiting for the next poll (the first poll greets the first). */
        void welcome() {
            poller.execute(() -> {
                lock.lock();
                try {
                    if (last != null) {
                        deliver(last, false);
                    }
                } finally {
                    lock.unlock();
                }
            });
        }

        void tick() {
            try {
                poll();
            } catch (RuntimeException unexpected) {
                // a periodic task that throws is never run again, which would leave this run's followers waiting for ever
                log.error("following run {} failed; its followers are let go and may reconnect", runId, unexpected);
                endAll();
            }
        }

        private void poll() {
            lock.lock();
            try {
                RunProgress now;
                try {
                    now = reader.read(organization, runId);
                } catch (ImportRuns.ImportRunNotFound gone) {
                    endAll(); // the organization was deleted with its runs
                    return;
                } catch (RuntimeException e) {
                    // a database hiccup: followers keep the last snapshot and the next poll tries again
                    log.warn("could not read the progress of run {}: {}", runId, e.toString());
                    return;
                }
                boolean changed = !now.equals(last);
                last = now;
                deliver(now, changed);
                if (now.ended()) {
                    endAll();
                }
            } finally {
                lock.unlock();
            }
            retireIfUnfollowed();
        }

        private void deliver(RunProgress progress, boolean changed) {
            Instant now = clock.instant();
            for (Follower follower : followers) {
                try {
                    if (changed || !follower.greeted) {
                        follower.listener.progressed(progress);
                        follower.greeted = true;
                        follower.lastMessage = now;
                    } else if (!now.isBefore(follower.lastMessage.plus(properties.keepAlive()))) {
                        follower.listener.keepAlive();
                        follower.lastMessage = now;
                    }
                } catch (Exception closed) {
                    // the browser went away: let this follower go, keep serving the others
                    leave(follower);
                    endQuietly(follower);
                }
            }
        }

        void leave(Follower follower) {
            if (follower.gone.compareAndSet(false, true)) {
                followers.remove(follower);
                ProgressFollowers.this.followers.decrementAndGet();
            }
        }

        void endAll() {
            for (Follower follower : followers) {
                leave(follower);
                endQuietly(follower);
            }
        }

        private void retireIfUnfollowed() {
            // under the map's lock for this run, so a follower joining now gets a new feed rather than this retiring one
            if (feeds.computeIfPresent(runId, (id, feed) -> feed == this && feed.followers.isEmpty() ? null : feed) != this) {
                poll.cancel(false);
            }
        }

        private void endQuietly(Follower follower) {
            try {
                follower.listener.ended();
            } catch (RuntimeException ignored) {
                // already closed by the other side
            }
        }
    }
}
