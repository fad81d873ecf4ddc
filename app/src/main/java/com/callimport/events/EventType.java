package com.callimport.events;

import java.util.Arrays;
import java.util.List;

/** What an event says happened; {@code name} is what consumers see in the payload's {@code type}. */
public enum EventType {
    /** A call arrived, phone or video, from any source, once per conversation. */
    CALL_IMPORTED("call.imported"),
    /** A delivered call changed: new content, a late recording, a transcript, a same-conversation link made or undone. */
    CALL_UPDATED("call.updated"),
    /** A one-off import finished with every listed call accounted for. */
    IMPORT_COMPLETED("import.completed"),
    /** A one-off import failed or stopped until the customer acts. */
    IMPORT_FAILED("import.failed"),
    /** A pass of a connection's ongoing sync failed or stopped until the customer acts. */
    SYNC_FAILING("sync.failing");

    private final String name;

    EventType(String name) {
        this.name = name;
    }

    public String typeName() {
        return name;
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(EventType::typeName).toList();
    }

    static EventType of(String name) {
        return Arrays.stream(values()).filter(type -> type.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("eventTypes: '" + name + "' is no event type; use any of " + names()));
    }
}
