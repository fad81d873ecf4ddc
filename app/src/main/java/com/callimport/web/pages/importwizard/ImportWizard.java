package com.callimport.web.pages.importwizard;

import com.callimport.billing.Checkout;
import com.callimport.billing.Checkouts;
import com.callimport.catalog.PlatformCatalog;
import com.callimport.catalog.PlatformEntry;
import com.callimport.catalog.PlatformStatus;
import com.callimport.connections.Connection;
import com.callimport.connections.ConnectionCheck;
import com.callimport.connections.Connections;
import com.callimport.connector.Connector;
import com.callimport.connector.ConnectorException;
import com.callimport.connector.CredentialField;
import com.callimport.connector.DateWindow;
import com.callimport.onboarding.OnboardingAnswers;
import com.callimport.platformrequests.PlatformRequests;
import com.callimport.quotes.ImportPreview;
import com.callimport.quotes.ImportQuotes;
import com.callimport.web.pages.Flash;
import com.callimport.web.pages.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * The wizard up to the confirmed import: each step is its own address (so Back and reload work), forms post and
 * redirect, and a form refused for its content comes back with everything typed still in it. The connection test
 * answers inline (htmx) without touching the form, so secrets typed stay where they were typed.
 */
@Controller
class ImportWizard extends WizardPage {
    private final OnboardingAnswers answers;
    private final PlatformRequests requests;
    private final PlatformCatalog catalog;
    private final Connections connections;
    private final ConnectionCheck check;
    private final ImportQuotes quotes;
    private final Checkouts checkouts;
    private final Clock clock;
    private final com.callimport.oauth.OAuthSignIns signIns;

    ImportWizard(OnboardingAnswers answers, PlatformRequests requests, PlatformCatalog catalog, Connections connections,
                 ConnectionCheck check, ImportQuotes quotes, Checkouts checkouts, Clock clock,
                 com.callimport.oauth.OAuthSignIns signIns) {
        this.signIns = signIns;
        this.answers = answers;
        this.requests = requests;
        this.catalog = catalog;
        this.connections = connections;
        this.check = check;
        this.quotes = quotes;
        this.checkouts = checkouts;
        this.clock = clock;
    }

    // ---- "Are you coming from another platform?"

    @GetMapping("/import")
    String comingFrom(@AuthenticationPrincipal SignedInUser user, Model model) {
        requireManager(user);
        model.addAttribute("answer", answers.comingFrom(user.organization()).orElse(null));
        return "import/coming-from";
    }

    @PostMapping("/import/coming-from")
    String answerComingFrom(@AuthenticationPrincipal SignedInUser user, @RequestParam(defaultValue = "") String answer,
                            Model model, HttpServletResponse response, RedirectAttributes redirect) {
        requireManager(user);
        switch (answer) {
            case "yes" -> {
                answers.answerComingFrom(user.organization(), true, Optional.of(user.id()));
                return "redirect:/import/platforms";
            }
            case "no" -> {
                answers.answerComingFrom(user.organization(), false, Optional.of(user.id()));
                redirect.addFlashAttribute("flash", Flash.info(
                        "No problem. If you want to bring calls over later, choose \"Import calls\" at the top of any page."));
                return "redirect:/home";
            }
            default -> {
                response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
                model.addAttribute("answer", null);
                model.addAttribute("problem", "Choose Yes or No.");
                return "import/coming-from";
            }
        }
    }

    // ---- platforms and what each needs

    /** One tile of the platform grid. */
    record PlatformTile(String platform, String name, String kind, PlatformStatus status, String initials, String badge) {
        static PlatformTile of(PlatformEntry entry) {
            // "Zoom Meetings" → ZM, "Avoma" → AV, "Chorus (ZoomInfo)" → CH, "Otter.ai" → OT
            String[] words = java.util.Arrays.stream(entry.name().replaceAll("\\(.*\\)", "").strip().split("\\s+"))
                    .map(word -> word.replaceAll("[^\\p{L}\\p{N}]", "")).filter(word -> !word.isEmpty()).toArray(String[]::new);
            String initials = (words.length > 1 ? words[0].substring(0, 1) + words[1].substring(0, 1)
                    : words[0].substring(0, Math.min(2, words[0].length()))).toUpperCase(Locale.ROOT);
            String badge = switch (entry.status()) {
                case SUPPORTED -> "text-bg-success";
                case PARTIAL -> "text-bg-warning";
                case NOT_SUPPORTED -> "text-bg-secondary";
            };
            return new PlatformTile(entry.platform(), entry.name(), entry.kind(), entry.status(), initials, badge);
        }
    }

    @GetMapping("/import/platforms")
    String platforms(@AuthenticationPrincipal SignedInUser user, Model model) {
        requireManager(user);
        model.addAttribute("tiles", catalog.entries().stream().map(PlatformTile::of).toList());
        return "import/platforms";
    }

    @GetMapping("/import/platforms/{platform}")
    String platform(@AuthenticationPrincipal SignedInUser user, @PathVariable String platform, Model model) {
        requireManager(user);
        PlatformEntry entry = catalog.require(platform);
        model.addAttribute("entry", entry);
        model.addAttribute("tile", PlatformTile.of(entry));
        if (!entry.status().hasConnector()) {
            var request = requests.find(user.organization(), platform);
            model.addAttribute("request", request.orElse(null));
            model.addAttribute("requestedOn", request.map(asked -> Formats.day(asked.requestedAt())).orElse(null));
            model.addAttribute("note", "");
            return "import/unsupported";
        }
        return "import/requirements";
    }

    @PostMapping("/import/platforms/{platform}/ask")
    String ask(@AuthenticationPrincipal SignedInUser user, @PathVariable String platform, @RequestParam(defaultValue = "") String note,
               Model model, HttpServletResponse response, RedirectAttributes redirect) {
        requireManager(user);
        PlatformEntry entry = catalog.require(platform);
        try {
            requests.ask(user.organization(), platform, Optional.of(user.id()), user.email(), Optional.of(note));
        } catch (IllegalArgumentException refused) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("entry", entry);
            model.addAttribute("tile", PlatformTile.of(entry));
            model.addAttribute("request", null);
            model.addAttribute("note", note);
            model.addAttribute("problem", plain(refused.getMessage()));
            return entry.status().hasConnector() ? "import/requirements" : "import/unsupported";
        }
        redirect.addFlashAttribute("flash", Flash.success("Thanks, we've noted that you'd like to import from " + entry.name()
                + ". We'll write to " + user.email() + " when it's ready."));
        return "redirect:/import/platforms/" + platform;
    }

    // ---- credentials, with the test inline

    /** One credential field as the form shows it; a secret is never put back into the page. */
    record FieldView(String name, String label, String help, boolean secret, String value, String problem) {
        public String inputId() {
            return "credential-" + name;
        }
    }

    @GetMapping("/import/platforms/{platform}/connect")
    String credentials(@AuthenticationPrincipal SignedInUser user, @PathVariable String platform, Model model) {
        requireManager(user);
        Connector connector = supported(platform);
        credentialsModel(model, platform, connector, Map.of(), Map.of(), null);
        return "import/credentials";
    }

    /**
     * Creates the connection on the first test and replaces its credentials on the next ones (a wrong key corrected),
     * then tries them at the vendor. The answer is the test's outcome only (htmx), or the whole page without htmx.
     */
    @PostMapping("/import/platforms/{platform}/test")
    String test(@AuthenticationPrincipal SignedInUser user, @PathVariable String platform,
                @RequestParam(required = false) UUID connectionId, @RequestParam Map<String, String> parameters,
                Model model, HttpServletRequest request, HttpServletResponse response) throws InterruptedException {
        requireManager(user);
        Connector connector = supported(platform);
        Map<String, String> given = new LinkedHashMap<>();
        for (CredentialField field : connector.credentialFields()) {
            given.put(field.name(), parameters.getOrDefault("credential." + field.name(), "").strip());
        }
        Map<String, String> problems = new LinkedHashMap<>();
        connector.credentialFields().stream().filter(field -> given.get(field.name()).isEmpty())
                .forEach(field -> problems.put(field.name(), "Enter the " + field.label().toLowerCase(Locale.ROOT) + "."));
        Connection connection = null;
        ConnectionCheck.Outcome outcome = null;
        String problem = null;
        if (problems.isEmpty()) {
            try {
                Optional<Connection> draft = Optional.ofNullable(connectionId).map(id -> connections.get(user.organization(), id))
                        .filter(existing -> existing.platform().equals(platform));
                connection = draft.isPresent()
                        ? connections.replaceCredentials(user.organization(), draft.get().id(), given)
                        : connections.create(user.organization(), new Connections.NewConnection(platform, null, given, Map.of()));
                outcome = check.check(user.organization(), connection.id());
            } catch (IllegalArgumentException refused) {
                problem = plain(refused.getMessage());
                fieldOf(refused.getMessage(), connector).ifPresent(field -> problems.put(field, plain(refused.getMessage())));
            }
        }
        if ((outcome == null || !outcome.ok()) && !isHtmx(request)) {
            // htmx swaps only successful answers; a failed test is still a full answer for the result area
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        }
        model.addAttribute("connection", connection);
        model.addAttribute("outcome", outcome);
        model.addAttribute("htmx", isHtmx(request));
        model.addAttribute("outcomeProblem", outcome == null ? null : plain(outcome.problem().orElse(null)));
        model.addAttribute("problem", problem != null ? problem : problems.isEmpty() ? null : "Fill in every field, then test again.");
        credentialsModel(model, platform, connector, given, problems, connection);
        return isHtmx(request) ? "import/credentials :: test-result" : "import/credentials";
    }

    private void credentialsModel(Model model, String platform, Connector connector, Map<String, String> given,
                                  Map<String, String> problems, Connection connection) {
        PlatformEntry entry = catalog.require(platform);
        model.addAttribute("entry", entry);
        model.addAttribute("tile", PlatformTile.of(entry));
        model.addAttribute("signsIn", signIns.available(platform));
        model.addAttribute("fields", connector.credentialFields().stream()
                .map(field -> new FieldView(field.name(), field.label(), field.help(), field.secret(),
                        field.secret() ? "" : given.getOrDefault(field.name(), ""), problems.get(field.name())))
                .toList());
        if (!model.containsAttribute("connection")) {
            model.addAttribute("connection", connection);
        }
    }

    private Connector supported(String platform) {
        PlatformEntry entry = catalog.require(platform);
        return catalog.connector(entry.platform()).filter(connector -> entry.status().hasConnector())
                .orElseThrow(() -> new com.callimport.web.pages.PageErrors.PageNotFound(platform));
    }

    // ---- the window

    /** The windows offered, newest first; "custom" takes two dates. */
    enum Range {
        DAYS_30("The last 30 days", 30), DAYS_90("The last 90 days", 90), YEAR("The last 12 months", 365),
        YEARS_3("The last 3 years", 3 * 365), CUSTOM("Dates I choose", 0);

        final String label;
        final int days;

        Range(String label, int days) {
            this.label = label;
            this.days = days;
        }

        public String label() {
            return label;
        }

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @GetMapping("/import/connections/{id}/window")
    String window(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id, Model model) {
        requireManager(user);
        windowModel(model, connections.get(user.organization(), id), Range.DAYS_90.value(), "", "", null);
        return "import/window";
    }

    @PostMapping("/import/connections/{id}/window")
    String chooseWindow(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id, @RequestParam(defaultValue = "") String range,
                        @RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
                        Model model, HttpServletResponse response) {
        requireManager(user);
        Connection connection = connections.get(user.organization(), id);
        try {
            DateWindow window = windowOf(range, from, to);
            return "redirect:/import/connections/" + id + "/preview?from=" + window.from() + "&to=" + window.to();
        } catch (IllegalArgumentException refused) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            windowModel(model, connection, range, from, to, refused.getMessage());
            return "import/window";
        }
    }

    private DateWindow windowOf(String range, String from, String to) {
        Instant now = Instant.now(clock);
        Range chosen = java.util.Arrays.stream(Range.values()).filter(option -> option.value().equals(range)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Choose which calls to bring over."));
        if (chosen != Range.CUSTOM) {
            return new DateWindow(now.minus(Duration.ofDays(chosen.days)), now);
        }
        Instant start = date(from, "the first day").atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant end = date(to, "the last day").plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("The last day is before the first day; swap the dates.");
        }
        if (end.isAfter(now.plus(Duration.ofDays(1)))) {
            end = now;
        }
        return new DateWindow(start, end);
    }

    private static LocalDate date(String text, String which) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("Enter " + which + " of the calls to bring over.");
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Enter " + which + " as a date, e.g. 2026-01-31.");
        }
    }

    private void windowModel(Model model, Connection connection, String range, String from, String to, String problem) {
        model.addAttribute("connection", connection);
        model.addAttribute("tile", PlatformTile.of(catalog.require(connection.platform())));
        model.addAttribute("ranges", Range.values());
        model.addAttribute("range", range);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("problem", problem);
    }

    // ---- the preview and the confirmation

    /** The preview as the page writes it. */
    record PreviewView(String found, boolean exact, List<ImportPreview.Excluded> excluded, List<String> limits, String priceSentence,
                       List<LineView> lines, List<NotBilledView> notBilled, String total, String timeline, String expectedFinish,
                       String windowText) {
    }

    record LineView(String description, String calls, String unitPrice, String amount) {
    }

    record NotBilledView(String reason, String calls) {
    }

    @GetMapping("/import/connections/{id}/preview")
    String preview(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id, @RequestParam Instant from, @RequestParam Instant to,
                   Model model, HttpServletResponse response) throws InterruptedException {
        requireManager(user);
        Connection connection = connections.get(user.organization(), id);
        model.addAttribute("connection", connection);
        model.addAttribute("tile", PlatformTile.of(catalog.require(connection.platform())));
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        // one confirmation, however often the button is pressed (ADR 0020)
        model.addAttribute("attempt", UUID.randomUUID().toString());
        try {
            ImportPreview preview = quotes.preview(user.organization(), id, new DateWindow(from, to));
            var quote = preview.quote();
            model.addAttribute("needsCheckout", quote.total().amount().signum() > 0);
            model.addAttribute("preview", new PreviewView(
                    (preview.exactCount() ? "" : "at least ") + Formats.count(preview.calls()), preview.exactCount(), preview.excluded(),
                    preview.limits(), Formats.priceSentence(quote),
                    quote.lineItems().stream().map(line -> new LineView(line.description(), Formats.count(line.calls()),
                            Formats.money(line.unitPrice()), Formats.money(line.amount()))).toList(),
                    quote.notBilled().stream().map(item -> new NotBilledView(item.reason(),
                            item.calls() == null ? "" : Formats.count(item.calls()))).toList(),
                    (quote.atLeast() ? "at least " : "") + Formats.money(quote.total()),
                    preview.timeline() == null ? null : preview.timeline().band(),
                    preview.timeline() == null ? null : Formats.when(preview.timeline().expectedFinish()),
                    Formats.day(from) + " to " + Formats.day(to)));
        } catch (ConnectorException.AuthenticationFailed refused) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("problem", plain(refused.getMessage()));
            model.addAttribute("fixCredentials", true);
        } catch (ConnectorException | IllegalArgumentException cannot) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            model.addAttribute("problem", plain(cannot.getMessage()));
        }
        return "import/preview";
    }

    /**
     * Accepts the quote: an import the free allowance covers starts at once, a billable one goes to checkout and starts
     * only once its payment is held. The same {@code attempt} (a double click, a reload) is the same checkout.
     */
    @PostMapping("/import/connections/{id}/start")
    String start(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id, @RequestParam Instant from, @RequestParam Instant to,
                 @RequestParam(defaultValue = "") String attempt, RedirectAttributes redirect) throws InterruptedException {
        requireManager(user);
        Connection connection = connections.get(user.organization(), id);
        DateWindow window = new DateWindow(from, to);
        ImportPreview preview;
        try {
            preview = quotes.preview(user.organization(), id, window);
        } catch (ConnectorException | IllegalArgumentException cannot) {
            redirect.addFlashAttribute("flash", Flash.problem(plain(cannot.getMessage())));
            return "redirect:/import/connections/" + id + "/preview?from=" + from + "&to=" + to;
        }
        // started by this person: the completion or failure email goes to them
        Checkout checkout = checkouts.begin(user.organization(), id, connection.platform(), window, preview.quote(),
                attempt.isBlank() ? UUID.randomUUID().toString() : attempt, user.id());
        return checkout.runId().map(run -> "redirect:/imports/" + run).orElse("redirect:/checkout/" + checkout.id());
    }

    // ---- words

    /** The engine's message with its field path left out and a capital first letter: what a person reads. */
    static String plain(String message) {
        if (message == null || message.isBlank()) {
            return "Something was not right; check what you entered and try again.";
        }
        String text = message.replaceFirst("^[a-zA-Z]+(\\.[a-zA-Z]+)*: ", "");
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static Optional<String> fieldOf(String message, Connector connector) {
        return connector.credentialFields().stream().map(CredentialField::name)
                .filter(name -> message != null && message.startsWith("credentials." + name)).findFirst();
    }
}
