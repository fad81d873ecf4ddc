package com.callimport.people;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * "Forgot your password?" links: issued for a known email, valid for {@link #LIFETIME}, used once, and replaced by a
 * newer request. Only a SHA-256 of each token is stored. Whether an email is known is never told to the asker (the
 * page says the same either way), and a person gets at most one link per {@link #MIN_INTERVAL}, so the form cannot
 * be used to flood someone's inbox.
 */
@Component
public class PasswordResets {
    public static final Duration LIFETIME = Duration.ofHours(1);
    static final Duration MIN_INTERVAL = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final People people;
    private final SecureRandom random = new SecureRandom();

    PasswordResets(JdbcClient jdbc, Clock clock, People people) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.people = people;
    }

    /** A link just issued: the only moment its token exists outside the email. */
    public record Issued(Person person, String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[" + person.id() + ", token=redacted]";
        }
    }

    /**
     * Issues a link for the person with this email, replacing any earlier one; empty when nobody has that email, or
     * when a link was issued to them less than a minute ago (the email sent then is still on its way).
     */
    @Transactional
    public Optional<Issued> request(String email) {
        Optional<Person> person = people.findByEmail(email == null ? null : email.strip());
        if (person.isEmpty()) {
            return Optional.empty();
        }
        UUID personId = person.get().id();
        // one request at a time per person: the row lock orders two clicks on the button
        jdbc.sql("SELECT id FROM users WHERE id = ? FOR UPDATE").param(personId).query(UUID.class).single();
        Instant now = Instant.now(clock);
        boolean recent = jdbc.sql("SELECT count(*) FROM password_resets WHERE user_id = ? AND created_at > ?")
                .params(personId, utc(now.minus(MIN_INTERVAL))).query(Long.class).single() > 0;
        if (recent) {
            return Optional.empty();
        }
        jdbc.sql("UPDATE password_resets SET replaced_at = ? WHERE user_id = ? AND used_at IS NULL AND replaced_at IS NULL")
                .params(utc(now), personId).update();
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expiresAt = now.plus(LIFETIME);
        jdbc.sql("INSERT INTO password_resets (id, user_id, token_sha256, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
                .params(UUID.randomUUID(), personId, sha256(token), utc(now), utc(expiresAt)).update();
        return Optional.of(new Issued(person.get(), token, expiresAt));
    }

    /** The person a link's token is for; empty when it is unknown, used, replaced or expired. */
    public Optional<Person> open(String token) {
        if (token == null || token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT user_id FROM password_resets WHERE token_sha256 = ? AND used_at IS NULL AND replaced_at IS NULL "
                        + "AND expires_at > ?")
                .params(sha256(token), utc(Instant.now(clock)))
                .query(UUID.class)
                .optional()
                .flatMap(people::find);
    }

    /**
     * Sets the new password and uses the link up; empty when the link no longer works (the password is unchanged).
     *
     * @throws People.InvalidDetails naming the password (the link still works, to try again)
     */
    @Transactional
    public Optional<Person> reset(String token, String newPassword) {
        Optional<Person> person = open(token);
        if (person.isEmpty()) {
            return Optional.empty();
        }
        people.setPassword(person.get().id(), newPassword);
        int used = jdbc.sql("UPDATE password_resets SET used_at = ? WHERE token_sha256 = ? AND used_at IS NULL AND replaced_at IS NULL")
                .params(utc(Instant.now(clock)), sha256(token)).update();
        if (used == 0) {
            // used by a concurrent request a moment ago: this one changes nothing
            throw new LinkAlreadyUsed();
        }
        return person;
    }

    /** Two tabs sent the same link at once; the first won. Rolls this one's password change back. */
    public static final class LinkAlreadyUsed extends RuntimeException {
        LinkAlreadyUsed() {
            super("this password reset link was just used");
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
