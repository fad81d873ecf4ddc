package com.callimport.billing;

import java.time.Duration;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.scheduling.cron.Cron;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class BillingConfiguration {
    /**
     * On start, every open checkout is brought up to date with its provider (a payment confirmed while the service was
     * down starts its import), then again on a schedule on whichever instance is free.
     */
    @Bean
    ApplicationRunner reconcileCheckouts(JobScheduler jobs, Checkouts checkouts,
                                         @Value("${callimport.billing.reconcile-interval:5m}") Duration every) {
        return arguments -> {
            Thread.ofVirtual().name("checkout-reconciliation").start(checkouts::reconcile);
            jobs.scheduleRecurrently("checkout-reconciliation", every, () -> checkouts.reconcile());
        };
    }

    /**
     * Daily, not only on the 1st: a month whose statement was not sent while the service was down goes out the next day,
     * and a sent one is never sent again.
     */
    @Bean
    ApplicationRunner sendDialerUsageStatements(JobScheduler jobs, DialerUsageStatements statements) {
        return arguments -> jobs.scheduleRecurrently("dialer-usage-statements", Cron.daily(6), java.time.ZoneOffset.UTC, () -> statements.sendForLastMonth());
    }
}
