package com.callimport.web.pages;

import com.callimport.calls.CallStore;
import com.callimport.catalog.PlatformCatalog;
import com.callimport.catalog.PlatformEntry;
import com.callimport.connections.Connection;
import com.callimport.connections.Connections;
import com.callimport.connector.Capability;
import com.callimport.connector.ConnectorException;
import com.callimport.organizations.OrganizationId;
import com.callimport.people.Person;
import com.callimport.sync.SyncFrequency;
import com.callimport.sync.SyncSchedules;
import com.callimport.sync.SyncStatus;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Settings → Integrations → Phone/Dialer (PRD Flow 2): pick a dialer, sign in to it, choose how often calls come over and
 * how much history, then one sync card per dialer connection. Calls the same {@link SyncSchedules} as the API's sync
 * endpoints; the card refreshes itself (htmx) so a first sync lands on it without a reload.
 */
@Controller
class DialerSettingsPage {
    static final String PATH = "/settings/integrations/dialer";
    private static final String DIALER_KIND = "Phone dialer";
    private static final List<Integer> HISTORY_DAYS = List.of(0, 7, 30, 90, 365);

    private final PlatformCatalog catalog;
    private final Connections connections;
    private final SyncSchedules schedules;
    private final CallStore calls;
    private final CurrentPerson currentPerson;
    private final com.callimport.oauth.OAuthSignIns signIns;
    private final Clock clock;

    DialerSettingsPage(PlatformCatalog catalog, Connections connections, SyncSchedules schedules, CallStore calls,
                       CurrentPerson currentPerson, com.callimport.oauth.OAuthSignIns signIns, Clock clock) {
        this.signIns = signIns;
        this.catalog = catalog;
        this.connections = connections;
        this.schedules = schedules;
        this.calls = calls;
        this.currentPerson = currentPerson;
        this.clock = clock;
    }

    /** A dialer one can connect here: by signing in, or (no sign-in) with its credentials in the import wizard. */
    record Dialer(String platform, String name, boolean signsIn) {
    }

    /** One connection's sync card. */
    record Card(Connection connection, String platformName, boolean signsIn, SyncStatus status, long today, long thisWeek) {
        public String stateLabel() {
            return switch (status.state()) {
                case "ACTIVE" -> "Healthy";
                case "PAUSED" -> "Paused";
                case "NEEDS_REAUTHENTICATION" -> "Needs re-authentication";
                default -> "Failing";
            };
        }

        public String stateClass() {
            return switch (status.state()) {
                case "ACTIVE" -> "text-bg-success";
                case "PAUSED" -> "text-bg-secondary";
                default -> "text-bg-danger";
            };
        }

        public String frequencyLabel() {
            return frequencyName(status.frequency());
        }
    }

    static String frequencyName(SyncFrequency frequency) {
        return switch (frequency) {
            case NEAR_REAL_TIME -> "Near real-time";
            case HOURLY -> "Hourly";
            case DAILY -> "Daily";
        };
    }

    @GetMapping(PATH)
    String dialers(@AuthenticationPrincipal SignedInUser user, Model model) {
        OrganizationId organization = user.organization();
        List<Card> cards = new ArrayList<>();
        List<Connection> notSyncing = new ArrayList<>();
        for (Connection connection : connections.list(organization)) {
            if (!isDialer(connection.platform())) {
                continue;
            }
            card(organization, connection).ifPresentOrElse(cards::add, () -> notSyncing.add(connection));
        }
        model.addAttribute("dialers", dialers());
        model.addAttribute("cards", cards);
        model.addAttribute("notSyncing", notSyncing);
        return "dialer/dialers";
    }

    @GetMapping(PATH + "/{id}")
    String setUp(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id, Model model) {
        Person manager = currentPerson.manager(user);
        Connection connection = connections.get(manager.organization(), id);
        Optional<SyncStatus> current = schedules.statusIfScheduled(manager.organization(), id);
        return setUpPage(connection, current.map(SyncStatus::frequency).orElse(SyncFrequency.HOURLY), current.isPresent() ? 0 : 90,
                current.isPresent(), Map.of(), model);
    }

    @GetMapping(PATH + "/{id}/card")
    String card(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id, Model model) {
        Connection connection = connections.get(user.organization(), id);
        model.addAttribute("card", card(user.organization(), connection)
                .orElseThrow(() -> new PageErrors.PageNotFound("connection " + id + " does not sync")));
        return "dialer/dialers :: card";
    }

    @PostMapping(PATH + "/{id}/sync")
    String confirm(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id, @RequestParam(required = false) String frequency,
                   @RequestParam(required = false) String historyDays, Model model, RedirectAttributes redirect,
                   HttpServletResponse response) throws InterruptedException {
        Person manager = currentPerson.manager(user);
        Connection connection = connections.get(manager.organization(), id);
        boolean alreadySyncing = schedules.statusIfScheduled(manager.organization(), id).isPresent();
        SyncFrequency chosen;
        Integer days;
        try {
            chosen = SyncFrequency.parse(frequency);
        } catch (IllegalArgumentException invalid) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            return setUpPage(connection, SyncFrequency.HOURLY, 90, alreadySyncing,
                    Map.of("frequency", "Choose how often calls come over: near real-time, hourly or daily."), model);
        }
        try {
            days = historyDays == null || historyDays.isBlank() ? 0 : Integer.valueOf(historyDays.strip());
        } catch (NumberFormatException invalid) {
            days = -1;
        }
        try {
            schedules.configure(manager.organization(), id, chosen, days);
        } catch (IllegalArgumentException | ConnectorException refused) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            String field = refused.getMessage() != null && refused.getMessage().startsWith("historyDays") ? "historyDays" : "frequency";
            return setUpPage(connection, chosen, days < 0 ? 90 : days, alreadySyncing, Map.of(field, words(refused.getMessage())), model);
        }
        redirect.addFlashAttribute("flash", Flash.success(connection.name() + " is connected and syncs "
                + frequencyName(chosen).toLowerCase(java.util.Locale.ROOT) + (days > 0 ? "; your last " + days
                + " days of calls are coming over now." : ".")));
        return "redirect:" + PATH;
    }

    @PostMapping(PATH + "/{id}/pause")
    String pause(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id, RedirectAttributes redirect) throws InterruptedException {
        return pauseOrResume(user, id, true, redirect);
    }

    @PostMapping(PATH + "/{id}/resume")
    String resume(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id, RedirectAttributes redirect) throws InterruptedException {
        return pauseOrResume(user, id, false, redirect);
    }

    private String pauseOrResume(SignedInUser user, UUID id, boolean pause, RedirectAttributes redirect) throws InterruptedException {
        Person manager = currentPerson.manager(user);
        Connection connection = connections.get(manager.organization(), id);
        requireSyncing(manager.organization(), id);
        schedules.pause(manager.organization(), id, pause);
        redirect.addFlashAttribute("flash", Flash.success(pause
                ? connection.name() + " is paused: no calls come over until you resume it."
                : connection.name() + " syncs again; calls made meanwhile come over with the next sync."));
        return "redirect:" + PATH;
    }

    /** Stops syncing: no more passes, no vendor notifications; the calls already imported stay. */
    @PostMapping(PATH + "/{id}/disconnect")
    String disconnect(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id, RedirectAttributes redirect)
            throws InterruptedException {
        Person manager = currentPerson.manager(user);
        Connection connection = connections.get(manager.organization(), id);
        schedules.stopIfScheduled(manager.organization(), id);
        redirect.addFlashAttribute("flash", Flash.success(connection.name()
                + " is disconnected: no more calls come over. The calls already imported stay."));
        return "redirect:" + PATH;
    }

    private void requireSyncing(OrganizationId organization, UUID id) {
        if (schedules.statusIfScheduled(organization, id).isEmpty()) {
            throw new PageErrors.PageNotFound("connection " + id + " does not sync");
        }
    }

    private String setUpPage(Connection connection, SyncFrequency frequency, int historyDays, boolean alreadySyncing,
                             Map<String, String> errors, Model model) {
        model.addAttribute("connection", connection);
        model.addAttribute("platformName", catalog.find(connection.platform()).map(PlatformEntry::name).orElse(connection.platform()));
        model.addAttribute("nearRealTime", catalog.connector(connection.platform())
                .map(connector -> connector.capabilities().contains(Capability.WEBHOOKS)).orElse(false));
        model.addAttribute("frequency", frequency.name());
        model.addAttribute("historyDays", historyDays);
        model.addAttribute("historyChoices", HISTORY_DAYS);
        model.addAttribute("alreadySyncing", alreadySyncing);
        model.addAttribute("errors", errors);
        return "dialer/set-up";
    }

    private Optional<Card> card(OrganizationId organization, Connection connection) {
        return schedules.statusIfScheduled(organization, connection.id()).map(status -> {
            LocalDate today = LocalDate.ofInstant(Instant.now(clock), ZoneOffset.UTC);
            Instant startOfDay = today.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant startOfWeek = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay(ZoneOffset.UTC).toInstant();
            return new Card(connection, catalog.find(connection.platform()).map(PlatformEntry::name).orElse(connection.platform()),
                    signsIn(connection.platform()), status,
                    calls.countFirstImportedSince(organization, connection.id(), startOfDay),
                    calls.countFirstImportedSince(organization, connection.id(), startOfWeek));
        });
    }

    private List<Dialer> dialers() {
        return catalog.entries().stream()
                .filter(entry -> DIALER_KIND.equals(entry.kind()) && catalog.connector(entry.platform())
                        .filter(connector -> connector.capabilities().contains(Capability.ONGOING_SYNC)).isPresent())
                .map(entry -> new Dialer(entry.platform(), entry.name(), signIns.available(entry.platform())))
                .toList();
    }

    private boolean isDialer(String platform) {
        return catalog.find(platform).filter(entry -> DIALER_KIND.equals(entry.kind())).isPresent();
    }

    private boolean signsIn(String platform) {
        return catalog.connector(platform).flatMap(connector -> connector.oauth()).isPresent();
    }

    /** The engine's message without the API addresses it names for API callers. */
    private static String words(String message) {
        if (message == null) {
            return "That didn't work; try again.";
        }
        String plain = message.replaceFirst("^(frequency|historyDays): ", "");
        return Character.toUpperCase(plain.charAt(0)) + plain.substring(1);
    }
}
