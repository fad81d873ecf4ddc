package com.callimport.web.pages;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * At most {@code callimport.web.sign-in-attempts} sign-in attempts per email and address per window, counted
 * in PostgreSQL (Bucket4j, table {@code sign_in_attempts}) so that every instance holds the same count. An
 * attempt beyond it is refused before the password is checked, with a message that says how long to wait.
 */
final class SignInThrottle implements AuthenticationProvider {
    private final AuthenticationProvider passwordCheck;
    private final ProxyManager<Long> buckets;
    private final BucketConfiguration configuration;

    SignInThrottle(AuthenticationProvider passwordCheck, DataSource dataSource, Clock clock, WebAppProperties properties) {
        this.passwordCheck = passwordCheck;
        this.buckets = Bucket4jPostgreSQL.advisoryLockBasedBuilder(dataSource)
                .table("sign_in_attempts")
                .idColumn("id")
                .stateColumn("state")
                .clientClock(new io.github.bucket4j.TimeMeter() {
                    @Override
                    public long currentTimeNanos() {
                        Instant now = clock.instant();
                        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                    }

                    @Override
                    public boolean isWallClockBased() {
                        return true;
                    }
                })
                .build();
        this.configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(properties.signInAttempts())
                        .refillGreedy(properties.signInAttempts(), properties.signInWindow()))
                .build();
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        String address = attempt.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : "";
        String email = String.valueOf(attempt.getPrincipal()).strip().toLowerCase(Locale.ROOT);
        ConsumptionProbe probe = buckets.builder().build(key(email, address), () -> configuration).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long minutes = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() / 60 + 1);
            throw new SignInThrottled("Too many sign-in attempts for this email. Wait " + minutes
                    + (minutes == 1 ? " minute" : " minutes") + " and try again, or ask an admin of your organization for help.");
        }
        return passwordCheck.authenticate(attempt);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return passwordCheck.supports(authentication);
    }

    private static long key(String email, String address) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((email + "\n" + address).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
