package com.callimport.onboarding;

import com.callimport.organizations.OrganizationId;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether an organization said it is coming from another platform: asked once by the import wizard, answered by one
 * of its people, and reopened when someone wants to answer again (a "No" that later becomes "Yes").
 */
@Component
public class OnboardingAnswers {
    private final JdbcClient jdbc;
    private final Clock clock;

    OnboardingAnswers(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * @param comingFromOther whether the organization has calls on another platform to bring over
     * @param answeredBy      the person who answered, if a person did
     */
    public record ComingFrom(boolean comingFromOther, Optional<UUID> answeredBy, Instant answeredAt) {
    }

    /** The organization's answer; empty when it was never given or was reopened. */
    public Optional<ComingFrom> comingFrom(OrganizationId organization) {
        return jdbc.sql("SELECT coming_from_other, answered_by, answered_at FROM onboarding_answers WHERE organization_id = ?")
                .param(organization.value())
                .query((rs, row) -> new ComingFrom(rs.getBoolean(1), Optional.ofNullable(rs.getObject(2, UUID.class)),
                        rs.getTimestamp(3).toInstant()))
                .optional();
    }

    /** Records (or changes) the organization's answer. */
    public ComingFrom answerComingFrom(OrganizationId organization, boolean comingFromOther, Optional<UUID> answeredBy) {
        Instant now = clock.instant();
        jdbc.sql("""
                INSERT INTO onboarding_answers (organization_id, coming_from_other, answered_by, answered_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (organization_id) DO UPDATE
                SET coming_from_other = excluded.coming_from_other, answered_by = excluded.answered_by, answered_at = excluded.answered_at""")
                .params(organization.value(), comingFromOther, answeredBy.orElse(null), now.atOffset(java.time.ZoneOffset.UTC))
                .update();
        return new ComingFrom(comingFromOther, answeredBy, now);
    }

    /** Asks the question again: the organization's answer is forgotten until it answers anew. */
    public void reopenComingFrom(OrganizationId organization) {
        jdbc.sql("DELETE FROM onboarding_answers WHERE organization_id = ?").param(organization.value()).update();
    }
}
