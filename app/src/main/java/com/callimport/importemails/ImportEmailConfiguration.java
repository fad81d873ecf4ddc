package com.callimport.importemails;

import com.callimport.organizations.OrganizationId;
import java.time.Duration;
import org.jobrunr.scheduling.JobScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ImportEmailConfiguration {
    private static final Logger log = LoggerFactory.getLogger(ImportEmailConfiguration.class);

    /** Emails whose job was lost in a crash are sent by a recurring sweep on whichever instance is free. */
    @Bean
    ApplicationRunner scheduleImportEmailSweep(JobScheduler jobs, ImportEmails emails,
                                               @Value("${callimport.import-emails.sweep-interval:5m}") Duration every) {
        return arguments -> jobs.scheduleRecurrently("import-emails-sweep", every, () -> emails.sendWaiting());
    }

    /** Without the customer email service on the class path, an import email is only logged. */
    @Bean
    @ConditionalOnMissingBean(ImportEmailDelivery.class)
    ImportEmailDelivery loggedImportEmails() {
        return (OrganizationId organization, String to, ImportEmail email) -> {
            log.info("Import email for organization {} (no email service in this build): {}", organization.value(), email.subject());
            return "logged only: no email service in this build";
        };
    }
}
