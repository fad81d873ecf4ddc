package com.callimport.connector;

import java.util.List;

/**
 * The outcome of a successful {@link CallSource#verifyAccess()}.
 *
 * @param account what the credentials belong to, e.g. "Gong company at https://us-123.api.gong.io"
 * @param limits  what the credentials will not see or bring over, for the customer to read before importing
 */
public record AccessCheck(String account, List<String> limits) {
    public AccessCheck {
        limits = List.copyOf(limits);
    }
}
