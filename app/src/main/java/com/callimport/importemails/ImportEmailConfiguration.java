package com.callimport.importemails;

import java.time.Duration;
import org.jobrunr.scheduling.JobScheduler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ImportEmailConfiguration {
    /** Emails whose job was lost in a crash are sent by a recurring sweep on whichever instance is free. */
    @Bean
    ApplicationRunner scheduleImportEmailSweep(JobScheduler jobs, ImportEmails emails,
                                               @Value("${callimport.import-emails.sweep-interval:5m}") Duration every) {
        return arguments -> jobs.scheduleRecurrently("import-emails-sweep", every, () -> emails.sendWaiting());
    }
}
