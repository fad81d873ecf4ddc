package com.callimport.events;

import com.callimport.calls.CallChanged;
import com.callimport.calls.CallStore;
import com.callimport.calls.CallWrite;
import com.callimport.calls.StoredCall;
import com.callimport.imports.ImportRun;
import com.callimport.imports.ImportRunOutcome;
import com.callimport.imports.ImportRuns;
import com.callimport.organizations.OrganizationId;
import com.callimport.sameconversation.LinkUndone;
import com.callimport.sameconversation.SameConversationLinks;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns what happened to calls and runs into events, inside the transaction that made it happen. A call just imported
 * that is the same conversation as a call of another source is linked to it and announced as an update of that call,
 * not as a second call; a change to a linked call is announced on its primary, the one the product knows.
 */
@Component
public class CallEvents {
    private final EventOutbox outbox;
    private final CallStore calls;
    private final SameConversationLinks links;
    private final ImportRuns runs;

    CallEvents(EventOutbox outbox, CallStore calls, SameConversationLinks links, ImportRuns runs) {
        this.outbox = outbox;
        this.calls = calls;
        this.links = links;
        this.runs = runs;
    }

    @EventListener
    void changed(CallChanged change) {
        StoredCall call = calls.find(change.organization(), change.callId()).orElseThrow();
        if (change.what() == CallWrite.IMPORTED) {
            Optional<SameConversationLinks.Link> link = links.linkIfSame(change.organization(), call);
            if (link.isPresent()) {
                announce(change.organization(), EventType.CALL_UPDATED, link.get().primaryCallId(), "sameConversation");
            } else {
                announce(change.organization(), EventType.CALL_IMPORTED, call, null);
            }
            return;
        }
        Optional<UUID> primary = links.primaryOf(call.id());
        if (primary.isPresent()) {
            announce(change.organization(), EventType.CALL_UPDATED, primary.get(), "sameConversation." + change.why());
        } else {
            announce(change.organization(), EventType.CALL_UPDATED, call, change.why());
        }
    }

    /** Two calls separated: the one that was linked is news of its own now, and its former primary lost a link. */
    @EventListener
    void separated(LinkUndone undone) {
        announce(undone.organization(), EventType.CALL_IMPORTED, calls.find(undone.organization(), undone.link().linkedCallId()).orElseThrow(), null);
        announce(undone.organization(), EventType.CALL_UPDATED, undone.link().primaryCallId(), "sameConversation");
    }

    @EventListener
    void runEnded(ImportRunOutcome outcome) {
        ImportRun run = runs.get(outcome.organization(), outcome.runId());
        EventType type = switch (outcome.state()) {
            case SUCCEEDED -> run.kind() == ImportRun.Kind.BACKFILL ? EventType.IMPORT_COMPLETED : null;
            case FAILED, PAUSED -> run.kind() == ImportRun.Kind.BACKFILL ? EventType.IMPORT_FAILED : EventType.SYNC_FAILING;
            default -> null;
        };
        if (type == null) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("runId", run.id());
        data.put("connectionId", run.connectionId());
        data.put("kind", run.kind().name());
        data.put("state", run.state().name());
        data.put("reason", outcome.reason());
        data.put("window", Map.of("from", run.window().from().toString(), "to", run.window().to().toString()));
        data.put("counts", run.counts());
        data.put("at", outcome.at().toString());
        // a sync's failures are one story per connection; an import's outcome is its run's
        outbox.append(outcome.organization(), type, type == EventType.SYNC_FAILING ? run.connectionId() : run.id(), data);
    }

    private void announce(OrganizationId organization, EventType type, UUID callId, String change) {
        announce(organization, type, calls.find(organization, callId).orElseThrow(), change);
    }

    private void announce(OrganizationId organization, EventType type, StoredCall call, String change) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (change != null) {
            data.put("change", change);
        }
        data.put("call", CallShape.of(call, links.of(organization, call.id())));
        outbox.append(organization, type, call.id(), data);
    }
}
