package com.callimport.events;

import java.time.Duration;
import org.jobrunr.scheduling.JobScheduler;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class EventsConfiguration {
    /** Old events are pruned hourly on whichever instance is free: retention is counted in days, so an hour late is on time. */
    @Bean
    ApplicationRunner scheduleEventRetention(JobScheduler jobs, EventRetention retention) {
        return arguments -> jobs.scheduleRecurrently("event-retention", Duration.ofHours(1), () -> retention.prune());
    }
}
