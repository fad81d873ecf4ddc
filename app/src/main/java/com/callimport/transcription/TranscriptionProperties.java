package com.callimport.transcription;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code callimport.transcription.*}: an OpenAI-compatible {@code /v1/audio/transcriptions} endpoint
 * (hosted, or a self-hosted Whisper server) and the reuse policy.
 *
 * @param url    the server's base URL; empty: no transcription, calls wait with status AWAITING_TRANSCRIPTION
 * @param apiKey sent as a bearer token when set
 * @param model  the model the server should use, e.g. whisper-1
 * @param policy {@code reuse-source} keeps a vendor's transcript; {@code always} transcribes every recorded call
 */
@ConfigurationProperties("callimport.transcription")
public record TranscriptionProperties(URI url, String apiKey, @DefaultValue("whisper-1") String model,
                                      @DefaultValue("reuse-source") String policy) {
    public TranscriptionProperties {
        model = model == null ? "whisper-1" : model;
        policy = policy == null ? "reuse-source" : policy;
        if (!policy.equals("reuse-source") && !policy.equals("always")) {
            throw new IllegalArgumentException("callimport.transcription.policy is '" + policy + "'; use reuse-source or always");
        }
    }

    public boolean configured() {
        return url != null && !url.toString().isBlank();
    }

    @Override
    public String toString() {
        return "TranscriptionProperties[" + url + ", model=" + model + ", policy=" + policy + ", apiKey=redacted]";
    }
}
