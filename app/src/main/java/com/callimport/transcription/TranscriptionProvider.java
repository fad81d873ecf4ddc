package com.callimport.transcription;

import com.callimport.connector.TranscriptSegment;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Turns a recording into timed transcript segments. Called from a durable job, once per call. */
public interface TranscriptionProvider {

    /**
     * @param audio     the recording, streamed; the provider closes nothing it did not open
     * @param mediaType the recording's media type, e.g. audio/mpeg
     * @return segments in order, with millisecond offsets from the start of the call
     * @throws IOException when the provider cannot be reached or refuses; the job retries
     */
    List<TranscriptSegment> transcribe(InputStream audio, String mediaType, String fileName) throws IOException;
}
