package com.callimport.organizations;

import com.callimport.customertext.CustomerText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates organizations and resolves API tokens to them. Only a SHA-256 of each token is stored: a
 * token is 256 random bits, so a plain hash is enough and lets a lookup use the unique index.
 */
@Component
public class Organizations {
    private static final String TOKEN_PREFIX = "cie_";
    public static final String DEFAULT_PLAN = "standard";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    Organizations(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    public IssuedToken create(String name, String plan) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: give the organization a name");
        }
        String checkedName = CustomerText.name("name", name);
        String chosenPlan = plan == null || plan.isBlank() ? DEFAULT_PLAN : plan.strip();
        if (!chosenPlan.matches("[a-z0-9-]{1,40}")) {
            throw new IllegalArgumentException("plan: send a plan id of 1 to 40 lower-case letters, digits and dashes, e.g. "
                    + DEFAULT_PLAN);
        }
        Organization organization = new Organization(OrganizationId.random(), checkedName, chosenPlan, Instant.now(clock));
        jdbc.sql("INSERT INTO organizations (id, name, plan, created_at) VALUES (?, ?, ?, ?)")
                .params(organization.id().value(), organization.name(), organization.plan(),
                        organization.createdAt().atOffset(java.time.ZoneOffset.UTC))
                .update();
        return new IssuedToken(organization, issueToken(organization.id(), "initial"));
    }

    @Transactional
    public String issueToken(OrganizationId organization, String label) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.sql("INSERT INTO api_tokens (id, organization_id, token_sha256, label, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(UUID.randomUUID(), organization.value(), sha256(token), label,
                        Instant.now(clock).atOffset(java.time.ZoneOffset.UTC))
                .update();
        return token;
    }

    public Optional<OrganizationId> findByToken(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT organization_id FROM api_tokens WHERE token_sha256 = ?")
                .param(sha256(token))
                .query((rs, row) -> new OrganizationId(rs.getObject(1, UUID.class)))
                .optional();
    }

    public List<Organization> all() {
        return jdbc.sql("SELECT id, name, plan, created_at FROM organizations ORDER BY created_at")
                .query((rs, row) -> new Organization(new OrganizationId(rs.getObject(1, UUID.class)), rs.getString(2),
                        rs.getString(3), rs.getTimestamp(4).toInstant()))
                .list();
    }

    public Organization get(OrganizationId id) {
        return jdbc.sql("SELECT id, name, plan, created_at FROM organizations WHERE id = ?")
                .param(id.value())
                .query((rs, row) -> new Organization(new OrganizationId(rs.getObject(1, UUID.class)), rs.getString(2),
                        rs.getString(3), rs.getTimestamp(4).toInstant()))
                .single();
    }

    static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
