package com.callimport.connector.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One meeting told in vendor-neutral terms, for a simulator to serve as its platform would, with everything not given here
 * derived as for a seeded call. Seeding the same script into two simulators makes the same conversation recorded by two
 * platforms.
 *
 * @param title     the meeting's title as its calendar invitation gave it
 * @param startedAt when the recording started
 * @param duration  how long it ran
 * @param attendees who took part, at least two; the first two speak
 */
public record ScriptedMeeting(String title, Instant startedAt, Duration duration, List<Attendee> attendees) {
    public ScriptedMeeting {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(startedAt, "startedAt");
        if (duration == null || duration.toSeconds() < 1) {
            throw new IllegalArgumentException("a meeting runs at least a second, not " + duration);
        }
        attendees = List.copyOf(attendees);
        if (attendees.size() < 2) {
            throw new IllegalArgumentException("a meeting has at least two attendees who speak, not " + attendees.size());
        }
    }

    /**
     * @param internal whether the attendee belongs to the organization that recorded the meeting
     */
    public record Attendee(String name, String email, boolean internal) {
        public Attendee {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(email, "email");
        }
    }
}
