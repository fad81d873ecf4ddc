package com.callimport.sameconversation;

import com.callimport.organizations.OrganizationId;

/** A same-conversation link was undone; published inside the transaction that undid it. */
public record LinkUndone(OrganizationId organization, SameConversationLinks.Link link) {
}
