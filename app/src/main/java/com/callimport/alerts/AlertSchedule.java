package com.callimport.alerts;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs {@link Alerts#evaluate()} every {@code callimport.alerts.evaluate-interval} on this instance, whatever the job
 * queue is busy with; every instance does, and {@link Alerts} makes sure each notice is sent once.
 */
@Component
class AlertSchedule implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(AlertSchedule.class);

    private final Alerts alerts;
    private final AlertProperties properties;
    private ScheduledExecutorService executor;

    AlertSchedule(Alerts alerts, AlertProperties properties) {
        this.alerts = alerts;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        if (properties.evaluateInterval().isZero()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("alert-evaluation").daemon().factory());
        long every = properties.evaluateInterval().toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                alerts.evaluate();
            } catch (RuntimeException failed) {
                log.warn("alert evaluation failed; the next one retries: {}", failed.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
