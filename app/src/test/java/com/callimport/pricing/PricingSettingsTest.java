package com.callimport.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

class PricingSettingsTest {
    @Configuration
    @EnableConfigurationProperties(PricingProperties.class)
    @Import(PriceList.class)
    static class PricingOnly {
    }

    private final ApplicationContextRunner service = new ApplicationContextRunner().withUserConfiguration(PricingOnly.class);

    private void refusesToStart(String expectedInMessage, String... settings) {
        service.withPropertyValues(settings).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            StringBuilder messages = new StringBuilder();
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                messages.append(cause.getMessage()).append('\n');
            }
            assertThat(messages.toString()).contains(expectedInMessage);
        });
    }

    @Test
    void theDefaultsStart() {
        service.run(context -> assertThat(context).hasNotFailed().hasSingleBean(PriceList.class));
    }

    @Test
    void aNegativePriceIsRefusedNamingTheSetting() {
        refusesToStart("callimport.pricing.price-per-call is -0.10; a price cannot be negative",
                "callimport.pricing.price-per-call=-0.10");
    }

    @Test
    void overlappingTiersAreRefused() {
        refusesToStart("callimport.pricing.tiers[1].from-call is 5000",
                "callimport.pricing.tiers[0].from-call=10000", "callimport.pricing.tiers[0].price-per-call=0.08",
                "callimport.pricing.tiers[1].from-call=5000", "callimport.pricing.tiers[1].price-per-call=0.05");
    }

    @Test
    void aFreeAllowanceBelowZeroIsRefused() {
        refusesToStart("callimport.pricing.free-calls is -1; the free allowance cannot be below zero",
                "callimport.pricing.free-calls=-1");
    }

    @Test
    void aNegativePlatformOverrideIsRefused() {
        refusesToStart("callimport.pricing.platforms.gong.price-per-call", "callimport.pricing.platforms.gong.price-per-call=-1");
    }

    @Test
    void anUnknownCurrencyIsRefused() {
        refusesToStart("callimport.pricing.currency 'DOLLARS'", "callimport.pricing.currency=DOLLARS");
    }
}
