package com.callimport.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callimport.connections.Connections;
import com.callimport.connector.DateWindow;
import com.callimport.connector.testkit.ManualClock;
import com.callimport.connectors.gong.GongCredentialsFixture;
import com.callimport.connectors.gong.GongSimulator;
import com.callimport.imports.ImportRuns;
import com.callimport.payments.stripe.StripeSimulator;
import com.callimport.people.People;
import com.callimport.people.Person;
import com.callimport.pricing.Pricing;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A checkout nobody pays closes after the hour the README and ADR 0020 promise: its payment page is closed, its free
 * calls go back, and nothing is imported or charged. Time is moved on the injected clock, never waited for.
 */
@EngineIntegrationTest
@TestPropertySource(properties = {"callimport.test.database=checkout_expiry", "callimport.pricing.free-calls=1000",
        "callimport.pricing.price-per-call=0.10", "callimport.billing.reconcile-interval=1h"})
class CheckoutExpiryIntegrationTest {
    // near the real time: the Stripe simulator dates its sessions by the wall clock
    private static final ManualClock CLOCK = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static final GongSimulator GONG = GongSimulator.start();
    private static final StripeSimulator STRIPE = StripeSimulator.start();
    private static final DateWindow WINDOW = new DateWindow(Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-03T00:00:00Z"));
    private static final URI BACK = URI.create("https://calls.example.com/checkout/back");

    @TestConfiguration
    static class MovableClock {
        @Bean
        @Primary
        Clock movableClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void simulators(DynamicPropertyRegistry registry) {
        registry.add("callimport.platforms.gong.base-url", () -> GONG.baseUrl().toString());
        registry.add("callimport.payments.stripe.api-key", () -> StripeSimulator.API_KEY);
        registry.add("callimport.payments.stripe.webhook-secret", () -> StripeSimulator.WEBHOOK_SECRET);
        registry.add("callimport.payments.stripe.api-base", () -> STRIPE.baseUrl().toString());
    }

    @AfterAll
    static void stop() {
        GONG.close();
        STRIPE.close();
    }

    @Autowired
    Checkouts checkouts;
    @Autowired
    Ledger ledger;
    @Autowired
    Pricing pricing;
    @Autowired
    People people;
    @Autowired
    Connections connections;
    @Autowired
    ImportRuns runs;

    @Test
    void anUnpaidCheckoutClosesAfterAnHourWithNothingImportedOrChargedAndItsFreeCallsGivenBack() {
        Person owner = people.signUp("Umbrella Unpaid", "owner-" + UUID.randomUUID() + "@checkout.example", "a long enough password");
        UUID connection = connections.create(owner.organization(), new Connections.NewConnection("gong", "Gong",
                GongCredentialsFixture.acceptedValues(), Map.of())).id();
        Checkout checkout = checkouts.begin(owner.organization(), connection, "gong", WINDOW,
                pricing.quote("gong", "standard", 1_500, 0, 0, List.of()), UUID.randomUUID().toString(), owner.id());
        checkouts.pay(owner.organization(), checkout.id(), BACK, BACK); // the payment page opened, and left
        String session = checkouts.get(owner.organization(), checkout.id()).paymentReference().orElseThrow();
        assertThat(checkouts.freeCallsUsed(owner.organization())).as("reserved while the checkout is open").isEqualTo(1_000);

        CLOCK.advance(Duration.ofMinutes(59));
        checkouts.reconcile();
        assertThat(checkouts.get(owner.organization(), checkout.id()).state()).as("open for the hour").isEqualTo(CheckoutState.AWAITING_PAYMENT);

        CLOCK.advance(Duration.ofMinutes(2));
        checkouts.reconcile();

        Checkout expired = checkouts.get(owner.organization(), checkout.id());
        assertThat(expired.state()).isEqualTo(CheckoutState.CANCELLED);
        assertThat(expired.problem()).hasValue("This checkout expired before it was paid.");
        assertThat(expired.runId()).isEmpty();
        assertThat(runs.list(owner.organization(), Optional.empty())).as("no import").isEmpty();
        assertThat(STRIPE.session(session)).as("the payment page is closed").containsEntry("status", "expired");
        assertThat(STRIPE.requests()).as("nothing captured").noneMatch(request -> request.endsWith("/capture"));
        assertThat(checkouts.freeCallsUsed(owner.organization())).as("the free calls are given back").isZero();
        assertThat(ledger.entries(owner.organization())).as("nothing billed or paid").isEmpty();
        assertThatThrownBy(() -> checkouts.pay(owner.organization(), checkout.id(), BACK, BACK))
                .isInstanceOf(Checkouts.CheckoutClosed.class).hasMessage("This checkout expired before it was paid.");
    }
}
