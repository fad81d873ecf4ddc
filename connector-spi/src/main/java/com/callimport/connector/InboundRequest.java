package com.callimport.connector;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** An HTTP request a vendor sent to one of our webhook addresses: its headers (names in any case) and raw body. */
public record InboundRequest(Map<String, List<String>> headers, byte[] body) {

    public InboundRequest {
        headers = headers.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                entry -> entry.getKey().toLowerCase(Locale.ROOT), entry -> List.copyOf(entry.getValue()), (a, b) -> a));
        body = body.clone();
    }

    /** The first value of a header, matched without regard to case. */
    public Optional<String> header(String name) {
        List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        return values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
