package com.callimport.web.pages.importwizard;

import com.callimport.catalog.PlatformCatalog;
import com.callimport.catalog.PlatformEntry;
import com.callimport.connections.ConnectionStatus;
import com.callimport.connections.Connections;
import com.callimport.connector.CredentialField;
import com.callimport.imports.ImportControl;
import com.callimport.imports.ImportRunState;
import com.callimport.imports.ImportRuns;
import com.callimport.organizations.OrganizationId;
import com.callimport.progress.ProgressFollowers;
import com.callimport.progress.RunProgress;
import com.callimport.progress.RunProgressReader;
import com.callimport.progress.TooManyFollowers;
import com.callimport.web.pages.Flash;
import com.callimport.web.pages.SignedInUser;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * A run's progress page, its live stream, and the buttons that pause, resume or cancel it. Everyone in the
 * organization may watch; only owners and admins may press (members get a 403 from the buttons' addresses too).
 */
@Controller
class ImportProgressPages extends WizardPage {
    // an EventSource reconnects by itself after this; the follower is let go and a new one made
    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);
    private static final int MAX_RUNS_DRAWN = 1_000;

    private final RunProgressReader reader;
    private final ProgressFollowers followers;
    private final ImportRuns runs;
    private final ImportControl control;
    private final Connections connections;
    private final PlatformCatalog catalog;
    private final ITemplateEngine templates;
    private final Clock clock;
    // the last fragment drawn per run, for the runs followed most recently on this instance
    private final Map<UUID, Drawn> lastDrawn = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Drawn> eldest) {
            return size() > MAX_RUNS_DRAWN;
        }
    });

    ImportProgressPages(RunProgressReader reader, ProgressFollowers followers, ImportRuns runs, ImportControl control,
                        Connections connections, PlatformCatalog catalog, ITemplateEngine templates, Clock clock) {
        this.reader = reader;
        this.followers = followers;
        this.runs = runs;
        this.control = control;
        this.connections = connections;
        this.catalog = catalog;
        this.templates = templates;
        this.clock = clock;
    }

    @GetMapping("/imports/{runId}")
    String progress(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID runId, CsrfToken csrf, Model model) {
        RunProgress progress = reader.read(user.organization(), runId);
        model.addAttribute("run", outcomeView(progress, user, csrf));
        return "import/progress";
    }

    @GetMapping(path = "/imports/{runId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> stream(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID runId,
                                      @RequestParam(required = false) ImportRunState shown, CsrfToken csrf) {
        var run = runs.find(user.organization(), runId);
        if (run.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        String platformName = platformName(user.organization(), run.get().connectionId());
        // read on the request's thread: the stream's updates are drawn on the polling thread, which must not touch the session
        CsrfToken token = new org.springframework.security.web.csrf.DefaultCsrfToken(csrf.getHeaderName(), csrf.getParameterName(), csrf.getToken());
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        ProgressStream stream = new ProgressStream(emitter, shown,
                progress -> progressView(progress, platformName), progress -> outcomeView(progress, user, token), this::renderShared);
        ProgressFollowers.Following following;
        try {
            following = followers.follow(user.organization(), runId, stream);
        } catch (ImportRuns.ImportRunNotFound notTheirs) {
            return ResponseEntity.notFound().build();
        } catch (TooManyFollowers busy) {
            // an EventSource gives up on a 503; the page still shows the state it was drawn with
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
        }
        emitter.onCompletion(following::stop);
        emitter.onTimeout(following::stop);
        emitter.onError(failure -> following.stop());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("X-Accel-Buffering", "no").body(emitter);
    }

    @PostMapping("/imports/{runId}/pause")
    String pause(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID runId, RedirectAttributes redirect) {
        return act(user, runId, redirect, () -> control.pause(user.organization(), runId),
                "Paused. Nothing imported is lost; resume whenever you like.");
    }

    @PostMapping("/imports/{runId}/resume")
    String resume(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID runId, RedirectAttributes redirect) {
        return act(user, runId, redirect, () -> control.resume(user.organization(), runId),
                "Resumed from the last stored page; nothing will be imported twice.");
    }

    @PostMapping("/imports/{runId}/cancel")
    String cancel(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID runId, RedirectAttributes redirect) {
        return act(user, runId, redirect, () -> control.cancel(user.organization(), runId),
                "Cancelled. The calls already imported stay.");
    }

    private String act(SignedInUser user, UUID runId, RedirectAttributes redirect, Runnable action, String done) {
        requireManager(user);
        runs.get(user.organization(), runId);
        try {
            action.run();
            redirect.addFlashAttribute("flash", Flash.success(done));
        } catch (ImportRuns.IllegalTransition moved) {
            // pressed on a page drawn before the run moved on (another tab, another person, or the run itself)
            ImportRunState now = runs.get(user.organization(), runId).state();
            redirect.addFlashAttribute("flash", Flash.info("The import is " + RunView.label(now).toLowerCase(Locale.ROOT)
                    + " already, so that did not change anything."));
        }
        return "redirect:/imports/" + runId;
    }

    /**
     * The counts panel as every follower sees it: it has no buttons, so no role and no CSRF token, and one snapshot
     * draws the same for all of a run's followers (see {@link #renderShared}).
     */
    private RunView progressView(RunProgress progress, String platformName) {
        return RunView.of(progress, platformName, RunView.OutcomeDetails.NONE, false, clock.instant(), "", "");
    }

    private RunView outcomeView(RunProgress progress, SignedInUser user, CsrfToken csrf) {
        OrganizationId organization = user.organization();
        Connections.Standing connection = connections.standingOf(organization, progress.connectionId());
        List<ImportRuns.Exclusion> exclusions = progress.state() == ImportRunState.RUNNING || progress.state() == ImportRunState.QUEUED
                ? List.of() : runs.exclusions(organization, progress.runId());
        String secretLabel = catalog.connector(connection.platform()).stream()
                .flatMap(connector -> connector.credentialFields().stream()).filter(CredentialField::secret)
                .map(field -> field.label().toLowerCase(Locale.ROOT)).findFirst().orElse("credentials");
        return RunView.of(progress, platformName(connection.platform()),
                new RunView.OutcomeDetails(connection.status() == ConnectionStatus.NEEDS_ATTENTION, "Update the " + secretLabel, exclusions),
                user.manages(), clock.instant(), csrf.getParameterName(), csrf.getToken());
    }

    private String platformName(OrganizationId organization, UUID connectionId) {
        return platformName(connections.platformOf(organization, connectionId));
    }

    private String platformName(String platform) {
        return catalog.find(platform).map(PlatformEntry::name).orElse("the platform");
    }

    /**
     * Draws a fragment once for all the followers of a run who are sent the same view in one poll: fifty people on
     * one progress page cost one drawing a second, not fifty. The last drawing of each recently followed run is kept.
     */
    private String renderShared(String fragment, RunView run) {
        Drawn last = lastDrawn.get(run.runId());
        if (last != null && last.fragment().equals(fragment) && last.view().equals(run)) {
            return last.html();
        }
        String html = render(fragment, run);
        lastDrawn.put(run.runId(), new Drawn(fragment, run, html));
        return html;
    }

    private record Drawn(String fragment, RunView view, String html) {
    }

    private String render(String fragment, RunView run) {
        return templates.process("import/progress", java.util.Set.of(fragment), new Context(Locale.US, Map.of("run", run)));
    }
}
