package com.callimport.webhooks;

import java.time.Duration;
import org.jobrunr.scheduling.JobScheduler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The recurring jobs that keep subscriptions alive and the inbox worked, on whichever instance is free. */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {
    static final String MAINTENANCE_JOB = "webhook-subscriptions";
    static final String SWEEP_JOB = "webhook-inbox";

    @Bean
    ApplicationRunner scheduleWebhookJobs(JobScheduler jobs, WebhookSubscriptions subscriptions, NotificationFetches fetches,
                                          @Value("${callimport.webhooks.maintenance-interval:10m}") Duration maintenance,
                                          @Value("${callimport.webhooks.sweep-interval:1m}") Duration sweep) {
        return arguments -> {
            jobs.scheduleRecurrently(MAINTENANCE_JOB, maintenance, () -> subscriptions.maintain());
            jobs.scheduleRecurrently(SWEEP_JOB, sweep, () -> fetches.sweep());
        };
    }
}
