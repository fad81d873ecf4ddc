package com.callimport.webhooks;

import com.callimport.connections.OpenSources;
import com.callimport.connector.CallSource;
import com.callimport.connector.Connector;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.Secret;
import com.callimport.connector.WebhookSubscription;
import com.callimport.connector.Webhooks;
import com.callimport.imports.VendorRetry;
import com.callimport.organizations.OrganizationId;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jobrunr.jobs.annotations.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The vendor subscriptions of near real-time connections. Each (re)subscription gets a fresh address and a
 * fresh verification token, so a subscription the vendor dropped, and anything it might still send, is cut
 * off the moment a new one is made. Public for JobRunr, which runs {@link #maintain()} on a schedule.
 */
@Component
public class WebhookSubscriptions {
    private static final Logger log = LoggerFactory.getLogger(WebhookSubscriptions.class);
    // a subscribe that has not finished after this long died with its instance; the next maintenance retries it
    private static final Duration ABANDONED_SUBSCRIBE = Duration.ofMinutes(2);

    private final JdbcClient jdbc;
    private final OpenSources sources;
    private final VendorRetry retry;
    private final WebhookProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    WebhookSubscriptions(JdbcClient jdbc, OpenSources sources, VendorRetry retry, WebhookProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.sources = sources;
        this.retry = retry;
        this.properties = properties;
        this.clock = clock;
    }

    enum State { SUBSCRIBING, ACTIVE, FAILING }

    record Subscription(UUID connectionId, OrganizationId organization, String platform, UUID addressId, byte[] tokenSha256,
                        State state, String vendorSubscriptionId, Instant grantedAt, Instant expiresAt,
                        Instant lastNotificationAt, String lastError, Instant updatedAt) {
    }

    /**
     * Refuses near real-time sync where it cannot work: the platform pushes nothing, or this service was not
     * told the address vendors reach it at.
     */
    public void requireAvailable(OrganizationId organization, UUID connectionId) {
        Connector connector = sources.connectorOf(organization, connectionId);
        if (connector.webhooks().isEmpty()) {
            throw new IllegalArgumentException("frequency: " + connector.displayName() + " does not notify us of new calls, so it "
                    + "cannot sync in near real time; choose HOURLY or DAILY");
        }
        if (connector.webhooks().get().deliveredToTheApp() && properties.appSecret(connector.platform().value()).isEmpty()) {
            throw new IllegalArgumentException("frequency: " + connector.displayName() + " signs its notices with the secret token of our "
                    + "app's event subscription, which is not configured; an operator sets callimport.webhooks.app-secrets."
                    + connector.platform().value() + ". Choose HOURLY or DAILY meanwhile");
        }
        if (properties.publicUrl() == null) {
            throw new IllegalArgumentException("frequency: near real-time sync needs this service's public address, which is not "
                    + "configured; an operator sets callimport.webhooks.public-url (CALLIMPORT_WEBHOOKS_PUBLIC_URL). Choose HOURLY "
                    + "or DAILY meanwhile");
        }
    }

    /**
     * Keeps a subscription for the connection from now on and makes it now. A failure is recorded for the
     * status and retried by {@link #maintain()}; the connection's scheduled passes carry on regardless.
     */
    public WebhookStatus want(OrganizationId organization, UUID connectionId) throws InterruptedException {
        requireAvailable(organization, connectionId);
        Optional<Subscription> existing = find(connectionId);
        if (existing.isEmpty() || existing.get().state() != State.ACTIVE) {
            subscribe(organization, connectionId);
        }
        return status(connectionId).orElseThrow();
    }

    /** Ends the connection's subscription at the vendor (as far as it can be reached) and forgets it. */
    public void unwant(OrganizationId organization, UUID connectionId) throws InterruptedException {
        Optional<Subscription> existing = find(connectionId);
        if (existing.isEmpty()) {
            return;
        }
        jdbc.sql("DELETE FROM webhook_subscriptions WHERE connection_id = ?").param(connectionId).update();
        if (existing.get().vendorSubscriptionId() != null) {
            unsubscribeQuietly(organization, connectionId, existing.get().vendorSubscriptionId());
        }
    }

    /**
     * Renews subscriptions once a third of their granted life is left, subscribes anew where the vendor dropped
     * or refused one, and retries failed or abandoned subscribes. Each row is claimed by a compare-and-set on
     * its update time, so instances running this at once do not both act on it.
     */
    @Job(name = "Renew webhook subscriptions")
    public void maintain() throws InterruptedException {
        Instant now = Instant.now(clock);
        for (Subscription subscription : all()) {
            boolean due = switch (subscription.state()) {
                case ACTIVE -> renewalDue(subscription, now);
                case SUBSCRIBING -> subscription.updatedAt().isBefore(now.minus(ABANDONED_SUBSCRIBE));
                case FAILING -> true;
            };
            if (!due || !claim(subscription, now)) {
                continue;
            }
            try {
                if (subscription.state() == State.ACTIVE) {
                    renew(subscription);
                } else {
                    subscribe(subscription.organization(), subscription.connectionId());
                }
            } catch (RuntimeException unexpected) {
                log.error("Webhook subscription of connection {} could not be maintained", subscription.connectionId(), unexpected);
            }
        }
    }

    public Optional<WebhookStatus> status(UUID connectionId) {
        return find(connectionId).map(subscription -> new WebhookStatus(subscription.state().name(), subscription.expiresAt(),
                subscription.lastNotificationAt(), subscription.lastError(), remediation(subscription)));
    }

    Optional<Subscription> byAddress(UUID addressId) {
        return jdbc.sql(SELECT + " WHERE w.address_id = ?").param(addressId).query(WebhookSubscriptions::row).optional();
    }

    /** The active subscriptions of a platform's connections whose vendor account (their subscription id) is {@code account}. */
    List<Subscription> byVendorAccount(String platform, String account) {
        return jdbc.sql(SELECT + " WHERE c.platform = ? AND w.vendor_subscription_id = ? AND w.state = 'ACTIVE'")
                .params(platform, account).query(WebhookSubscriptions::row).list();
    }

    void noteNotification(UUID connectionId, Instant at) {
        jdbc.sql("UPDATE webhook_subscriptions SET last_notification_at = ? WHERE connection_id = ?")
                .params(at.atOffset(ZoneOffset.UTC), connectionId)
                .update();
    }

    /** Whether a presented token is the one given to the vendor, compared in constant time. */
    static boolean tokenMatches(Subscription subscription, Secret presented) {
        return MessageDigest.isEqual(sha256(presented.reveal()), subscription.tokenSha256());
    }

    URI address(UUID addressId) {
        String base = properties.publicUrl().toString().replaceAll("/+$", "");
        return URI.create(base + "/webhooks/" + addressId);
    }

    private void subscribe(OrganizationId organization, UUID connectionId) throws InterruptedException {
        String token = newToken();
        UUID addressId = UUID.randomUUID();
        OffsetDateTime now = Instant.now(clock).atOffset(ZoneOffset.UTC);
        // committed before the vendor is asked: its handshake arrives at the new address while we wait for its answer
        jdbc.sql("""
                INSERT INTO webhook_subscriptions (connection_id, organization_id, address_id, token_sha256, state, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'SUBSCRIBING', ?, ?)
                ON CONFLICT (connection_id) DO UPDATE SET address_id = EXCLUDED.address_id, token_sha256 = EXCLUDED.token_sha256,
                    state = 'SUBSCRIBING', vendor_subscription_id = NULL, granted_at = NULL, expires_at = NULL,
                    updated_at = EXCLUDED.updated_at""")
                .params(connectionId, organization.value(), addressId, sha256(token), now, now)
                .update();
        Webhooks webhooks = sources.connectorOf(organization, connectionId).webhooks().orElseThrow();
        try (CallSource source = sources.open(organization, connectionId)) {
            WebhookSubscription granted = retry.send(
                    () -> source.subscribe(address(addressId), Secret.of(token), webhooks.subscriptionLifetime()), VendorRetry.Observer.NONE);
            int activated = jdbc.sql("""
                    UPDATE webhook_subscriptions SET state = 'ACTIVE', vendor_subscription_id = ?, granted_at = ?, expires_at = ?,
                        last_error = NULL, updated_at = ?
                    WHERE connection_id = ? AND address_id = ?""")
                    .params(granted.id(), now, granted.expiresAt().atOffset(ZoneOffset.UTC), Instant.now(clock).atOffset(ZoneOffset.UTC),
                            connectionId, addressId)
                    .update();
            if (activated == 0) {
                // unwanted or superseded while the vendor answered: this one must not linger at the vendor
                unsubscribeQuietly(organization, connectionId, granted.id());
            } else {
                log.info("Connection {} subscribed to webhooks until {}", connectionId, granted.expiresAt());
            }
        } catch (ConnectorException failure) {
            log.warn("Connection {} could not subscribe to webhooks: {}", connectionId, failure.getMessage());
            jdbc.sql("UPDATE webhook_subscriptions SET state = 'FAILING', last_error = ?, updated_at = ? WHERE connection_id = ? AND address_id = ?")
                    .params(failure.getMessage(), Instant.now(clock).atOffset(ZoneOffset.UTC), connectionId, addressId)
                    .update();
        }
    }

    private void renew(Subscription subscription) throws InterruptedException {
        Webhooks webhooks = sources.connectorOf(subscription.organization(), subscription.connectionId()).webhooks().orElseThrow();
        Optional<WebhookSubscription> renewed;
        try (CallSource source = sources.open(subscription.organization(), subscription.connectionId())) {
            renewed = retry.send(() -> source.renew(subscription.vendorSubscriptionId(), webhooks.subscriptionLifetime()),
                    VendorRetry.Observer.NONE);
        } catch (ConnectorException failure) {
            Instant now = Instant.now(clock);
            boolean lapsed = subscription.expiresAt() != null && !subscription.expiresAt().isAfter(now);
            log.warn("Connection {} could not renew its webhook subscription: {}", subscription.connectionId(), failure.getMessage());
            jdbc.sql("UPDATE webhook_subscriptions SET state = ?, last_error = ?, updated_at = ? WHERE connection_id = ? AND address_id = ?")
                    .params(lapsed ? State.FAILING.name() : State.ACTIVE.name(), failure.getMessage(), now.atOffset(ZoneOffset.UTC),
                            subscription.connectionId(), subscription.addressId())
                    .update();
            return;
        }
        if (renewed.isEmpty()) {
            log.info("The vendor no longer delivers to connection {}'s webhook subscription {}; subscribing anew",
                    subscription.connectionId(), subscription.vendorSubscriptionId());
            subscribe(subscription.organization(), subscription.connectionId());
            return;
        }
        Instant now = Instant.now(clock);
        jdbc.sql("""
                UPDATE webhook_subscriptions SET vendor_subscription_id = ?, granted_at = ?, expires_at = ?, last_error = NULL, updated_at = ?
                WHERE connection_id = ? AND address_id = ?""")
                .params(renewed.get().id(), now.atOffset(ZoneOffset.UTC), renewed.get().expiresAt().atOffset(ZoneOffset.UTC),
                        now.atOffset(ZoneOffset.UTC), subscription.connectionId(), subscription.addressId())
                .update();
    }

    private void unsubscribeQuietly(OrganizationId organization, UUID connectionId, String vendorSubscriptionId)
            throws InterruptedException {
        try (CallSource source = sources.open(organization, connectionId)) {
            retry.send(() -> {
                source.unsubscribe(vendorSubscriptionId);
                return null;
            }, VendorRetry.Observer.NONE);
        } catch (ConnectorException | RuntimeException failure) {
            // it lapses on its own; deliveries to its address are refused meanwhile
            log.info("Webhook subscription {} of connection {} could not be ended at the vendor: {}", vendorSubscriptionId,
                    connectionId, failure.getMessage());
        }
    }

    private static boolean renewalDue(Subscription subscription, Instant now) {
        if (subscription.expiresAt() == null || subscription.grantedAt() == null) {
            return true;
        }
        Duration granted = Duration.between(subscription.grantedAt(), subscription.expiresAt());
        return Duration.between(now, subscription.expiresAt()).compareTo(granted.dividedBy(3)) < 0;
    }

    private boolean claim(Subscription subscription, Instant now) {
        return jdbc.sql("UPDATE webhook_subscriptions SET updated_at = ? WHERE connection_id = ? AND updated_at = ?")
                .params(now.atOffset(ZoneOffset.UTC), subscription.connectionId(), subscription.updatedAt().atOffset(ZoneOffset.UTC))
                .update() == 1;
    }

    private Optional<Subscription> find(UUID connectionId) {
        return jdbc.sql(SELECT + " WHERE w.connection_id = ?").param(connectionId).query(WebhookSubscriptions::row).optional();
    }

    private List<Subscription> all() {
        return jdbc.sql(SELECT + " ORDER BY w.updated_at").query(WebhookSubscriptions::row).list();
    }

    private static String remediation(Subscription subscription) {
        if (subscription.state() != State.FAILING) {
            return null;
        }
        return "Calls still arrive with the hourly pass, but not within seconds. The subscription is retried every few minutes; "
                + "if this persists, reconnect the platform, and ask an operator to check that callimport.webhooks.public-url is "
                + "reachable from the internet over HTTPS.";
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }

    private static final String SELECT = """
            SELECT w.connection_id, w.organization_id, c.platform, w.address_id, w.token_sha256, w.state, w.vendor_subscription_id,
                   w.granted_at, w.expires_at, w.last_notification_at, w.last_error, w.updated_at
            FROM webhook_subscriptions w JOIN connections c ON c.id = w.connection_id""";

    private static Subscription row(ResultSet rs, int row) throws SQLException {
        return new Subscription(rs.getObject(1, UUID.class), new OrganizationId(rs.getObject(2, UUID.class)), rs.getString(3),
                rs.getObject(4, UUID.class), rs.getBytes(5), State.valueOf(rs.getString(6)), rs.getString(7), instant(rs.getTimestamp(8)),
                instant(rs.getTimestamp(9)), instant(rs.getTimestamp(10)), rs.getString(11), instant(rs.getTimestamp(12)));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
