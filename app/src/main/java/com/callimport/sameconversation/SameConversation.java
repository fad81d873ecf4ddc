package com.callimport.sameconversation;

import com.callimport.calls.StoredCall;
import com.callimport.connector.SourceParticipant;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Whether two calls are the same conversation, decided from what both sources say and nothing else, so that the same
 * two calls always get the same answer. Two calls match when their times overlap for at least half of the shorter one
 * (or, for calls without a duration, start within two minutes of each other) <em>and</em> they share a participant
 * (an email address or a phone number, the dial-in of a phone call) or carry nearly the same title.
 */
public final class SameConversation {
    static final Duration START_TOLERANCE = Duration.ofMinutes(2);
    static final double SIMILAR_TITLE = 0.8;

    private SameConversation() {
    }

    /**
     * Why two calls were taken for one conversation; stored with the link and shown on both calls.
     *
     * @param overlapSeconds     how long both calls ran at the same time
     * @param startsApartSeconds how far apart they started
     * @param sharedParticipants the email addresses and phone numbers (digits only) both list
     * @param titleSimilarity    0–1, the share of title words both use; null when either has no title
     */
    public record Evidence(long overlapSeconds, long startsApartSeconds, List<String> sharedParticipants, Double titleSimilarity) {
        public Evidence {
            sharedParticipants = List.copyOf(sharedParticipants);
        }
    }

    /** The evidence that {@code a} and {@code b} are one conversation, or empty when they are not. */
    public static Optional<Evidence> evaluate(StoredCall a, StoredCall b) {
        Instant aEnd = a.startedAt().plusMillis(a.durationMillis());
        Instant bEnd = b.startedAt().plusMillis(b.durationMillis());
        long overlapMillis = Math.max(0, Math.min(aEnd.toEpochMilli(), bEnd.toEpochMilli())
                - Math.max(a.startedAt().toEpochMilli(), b.startedAt().toEpochMilli()));
        long shorter = Math.min(a.durationMillis(), b.durationMillis());
        long apart = Math.abs(Duration.between(a.startedAt(), b.startedAt()).toMillis());
        boolean together = shorter > 0 ? overlapMillis * 2 >= shorter : apart <= START_TOLERANCE.toMillis();
        if (!together) {
            return Optional.empty();
        }
        Set<String> shared = new TreeSet<>(identities(a.participants()));
        shared.retainAll(identities(b.participants()));
        Double similarity = titleSimilarity(a.title(), b.title());
        if (shared.isEmpty() && (similarity == null || similarity < SIMILAR_TITLE)) {
            return Optional.empty();
        }
        return Optional.of(new Evidence(overlapMillis / 1000, apart / 1000, List.copyOf(shared), similarity));
    }

    /** Of several candidates, the one {@code call} most surely is: most shared participants, then closest title, then longest overlap. */
    public static Optional<Match> best(StoredCall call, List<StoredCall> candidates) {
        return candidates.stream()
                .flatMap(candidate -> evaluate(call, candidate).map(evidence -> new Match(candidate, evidence)).stream())
                .min(Comparator.comparingInt((Match match) -> -match.evidence().sharedParticipants().size())
                        .thenComparingDouble(match -> match.evidence().titleSimilarity() == null ? 1 : -match.evidence().titleSimilarity())
                        .thenComparingLong(match -> -match.evidence().overlapSeconds())
                        .thenComparing(match -> match.call().importedAt())
                        .thenComparing(match -> match.call().id()));
    }

    /** A candidate that is the same conversation, and why. */
    public record Match(StoredCall call, Evidence evidence) {
    }

    private static Set<String> identities(List<SourceParticipant> participants) {
        Set<String> found = new TreeSet<>();
        for (SourceParticipant participant : participants) {
            if (participant.email() != null && participant.email().contains("@")) {
                found.add(participant.email().trim().toLowerCase(Locale.ROOT));
            }
            if (participant.phone() != null) {
                String digits = participant.phone().replaceAll("\\D", "");
                // the last ten digits: one source writes +1 415…, another 415…
                if (digits.length() >= 7) {
                    found.add(digits.length() > 10 ? digits.substring(digits.length() - 10) : digits);
                }
            }
        }
        return found;
    }

    static Double titleSimilarity(String a, String b) {
        Set<String> first = words(a);
        Set<String> second = words(b);
        if (first.isEmpty() || second.isEmpty()) {
            return null;
        }
        Set<String> both = new TreeSet<>(first);
        both.retainAll(second);
        Set<String> either = new TreeSet<>(first);
        either.addAll(second);
        return Math.round(1000.0 * both.size() / either.size()) / 1000.0;
    }

    private static Set<String> words(String title) {
        if (title == null) {
            return Set.of();
        }
        return Arrays.stream(title.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(word -> !word.isBlank())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
