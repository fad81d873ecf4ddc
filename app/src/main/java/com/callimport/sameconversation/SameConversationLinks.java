package com.callimport.sameconversation;

import com.callimport.calls.CallStore;
import com.callimport.calls.StoredCall;
import com.callimport.organizations.OrganizationId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The links between calls that are one conversation. A call just imported is compared with the organization's calls
 * from other sources ({@link SameConversation}); the best match becomes its primary, the call itself the linked one.
 * An undone link is kept, so that the matcher never makes it again.
 */
@Component
public class SameConversationLinks {
    // the longest call we look back for; a conversation that started earlier is not searched for
    private static final Duration LONGEST_CALL = Duration.ofHours(12);

    private final JdbcClient jdbc;
    private final CallStore calls;
    private final JsonMapper json;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    SameConversationLinks(JdbcClient jdbc, CallStore calls, JsonMapper json, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.calls = calls;
        this.json = json;
        this.clock = clock;
    }

    /** A link: {@code linkedCallId} is the same conversation as {@code primaryCallId}, which the product heard of first. */
    public record Link(UUID id, UUID primaryCallId, UUID linkedCallId, SameConversation.Evidence evidence, Instant createdAt,
                       Instant undoneAt) {
        public boolean active() {
            return undoneAt == null;
        }
    }

    /**
     * Makes the organization's call writes that may link calls take turns until their transactions end, so that two sources
     * importing the same meeting at once see each other's call; call before the first call of a batch is written.
     */
    public void takeTurn(OrganizationId organization) {
        // an organization with one connection has no second source to race with: its import's workers need not wait
        if (hasSeveralConnections(organization)) {
            jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended('same-conversation:' || ?, 0))")
                    .param(organization.value().toString()).query((ResultSet rs) -> { });
        }
    }

    // read from the connections' table: a second source is what makes a second copy of a conversation possible
    private boolean hasSeveralConnections(OrganizationId organization) {
        return jdbc.sql("SELECT count(*) > 1 FROM connections WHERE organization_id = ?").param(organization.value())
                .query(Boolean.class).single();
    }

    /**
     * Links a call just imported to the call of another source it is the same conversation as, if there is one; call in the
     * transaction that imported it.
     */
    @Transactional
    public Optional<Link> linkIfSame(OrganizationId organization, StoredCall call) {
        if (!hasSeveralConnections(organization)) {
            return Optional.empty();
        }
        Instant end = call.startedAt().plusMillis(Math.max(call.durationMillis(), SameConversation.START_TOLERANCE.toMillis()));
        List<StoredCall> candidates = calls.overlapping(organization, call.platform(),
                call.startedAt().minus(SameConversation.START_TOLERANCE), end, LONGEST_CALL).stream()
                .filter(candidate -> !isLinkedOrSeparated(candidate.id(), call.id()))
                .toList();
        return SameConversation.best(call, candidates).flatMap(match -> jdbc.sql("""
                        INSERT INTO same_conversation_links (id, organization_id, primary_call_id, linked_call_id, evidence, created_at)
                        VALUES (?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT DO NOTHING RETURNING *""")
                .params(UUID.randomUUID(), organization.value(), match.call().id(), call.id(), json.writeValueAsString(match.evidence()),
                        Instant.now(clock).atOffset(ZoneOffset.UTC))
                .query(this::link)
                .optional());
    }

    // a candidate that is itself linked to another call is not a primary; a pair once separated stays separate
    private boolean isLinkedOrSeparated(UUID candidate, UUID call) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM same_conversation_links WHERE linked_call_id = ? AND undone_at IS NULL)
                    OR EXISTS (SELECT 1 FROM same_conversation_links WHERE undone_at IS NOT NULL
                               AND ((primary_call_id = ? AND linked_call_id = ?) OR (primary_call_id = ? AND linked_call_id = ?)))""")
                .params(candidate, candidate, call, call, candidate)
                .query(Boolean.class).single();
    }

    /** The call a linked call is the same conversation as; empty for a call not linked to another. */
    public Optional<UUID> primaryOf(UUID callId) {
        return jdbc.sql("SELECT primary_call_id FROM same_conversation_links WHERE linked_call_id = ? AND undone_at IS NULL")
                .param(callId).query(UUID.class).optional();
    }

    /** The links of a call, as primary or as linked one, undone ones included, oldest first. */
    public List<Link> of(OrganizationId organization, UUID callId) {
        return jdbc.sql("""
                SELECT * FROM same_conversation_links WHERE organization_id = ? AND (primary_call_id = ? OR linked_call_id = ?)
                ORDER BY created_at, id""")
                .params(organization.value(), callId, callId)
                .query(this::link).list();
    }

    /**
     * Separates the two calls of a link for good: each is its own conversation from now on. Undoing a link already undone
     * changes nothing.
     *
     * @return the link as it now is, and whether this call undid it
     * @throws LinkNotFound when the organization has no such link
     */
    @Transactional
    public Undone undo(OrganizationId organization, UUID linkId) {
        Optional<Link> undone = jdbc.sql("""
                UPDATE same_conversation_links SET undone_at = ? WHERE id = ? AND organization_id = ? AND undone_at IS NULL RETURNING *""")
                .params(Instant.now(clock).atOffset(ZoneOffset.UTC), linkId, organization.value())
                .query(this::link).optional();
        if (undone.isPresent()) {
            events.publishEvent(new LinkUndone(organization, undone.get()));
            return new Undone(undone.get(), true);
        }
        return new Undone(jdbc.sql("SELECT * FROM same_conversation_links WHERE id = ? AND organization_id = ?")
                .params(linkId, organization.value()).query(this::link).optional()
                .orElseThrow(() -> new LinkNotFound(linkId)), false);
    }

    /** A link after an undo, and whether that undo was the one that separated its calls. */
    public record Undone(Link link, boolean now) {
    }

    private Link link(ResultSet rs, int row) throws SQLException {
        return new Link(rs.getObject("id", UUID.class), rs.getObject("primary_call_id", UUID.class),
                rs.getObject("linked_call_id", UUID.class), json.readValue(rs.getString("evidence"), SameConversation.Evidence.class),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("undone_at") == null ? null : rs.getTimestamp("undone_at").toInstant());
    }

    public static final class LinkNotFound extends RuntimeException {
        public LinkNotFound(UUID id) {
            super("no same-conversation link " + id + " in your organization; list a call's links at /api/calls/{id}/same-conversation");
        }
    }
}
