package com.callimport.calls;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * A place in the call list, ordered by start time (newest first) then id: the last call of one page, which the
 * next page seeks past. Opaque to clients, who pass back what a previous page gave them.
 */
public record CallCursor(Instant startedAt, UUID id) {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    public CallCursor {
        if (startedAt == null || id == null) {
            throw new IllegalArgumentException("a call cursor needs the call's start time and id");
        }
    }

    public static CallCursor of(StoredCall call) {
        return new CallCursor(call.startedAt(), call.id());
    }

    public String encode() {
        return ENCODER.encodeToString((startedAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param parameter the name the client sent the cursor as, for the message
     * @throws IllegalArgumentException when {@code text} is not a cursor this service gave out
     */
    public static CallCursor decode(String parameter, String text) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text.strip()), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length == 2) {
                return new CallCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
            }
        } catch (IllegalArgumentException | DateTimeParseException notOurs) {
            // answered below in the customer's words
        }
        throw new IllegalArgumentException(parameter + ": '" + (text.length() > 60 ? text.substring(0, 60) + "…" : text)
                + "' is not a cursor this service gave out; pass a page's next cursor back unchanged, or leave it out for the first page");
    }
}
