package com.callimport.calls;

import com.callimport.connector.SourceCall;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The content hash that decides "updated" from "unchanged". It covers what the product shows of a
 * call; connectors already leave volatile values (signed URLs) out of the raw metadata.
 */
final class CallFingerprint {
    private CallFingerprint() {
    }

    static String of(SourceCall call, JsonMapper json) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("title", call.title());
        content.put("startedAt", call.startedAt().toString());
        content.put("durationMillis", call.duration().toMillis());
        content.put("direction", call.direction().name());
        content.put("participants", call.participants());
        content.put("transcript", call.transcript());
        content.put("recording", call.recording().map(recording -> recording.mediaType()).orElse(null));
        content.put("raw", json.readTree(call.rawMetadataJson()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(content));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
