package com.callimport.web.pages;

import com.callimport.events.EventEndpoints;
import com.callimport.events.EventType;
import com.callimport.people.Person;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
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
 * Settings → Event endpoints, for owners and admins: where the organization's call events go, each endpoint's state and
 * latest deliveries; registering one shows its signing secret once. The same operations as {@code /api/event-endpoints}.
 */
@Controller
class EventEndpointsPage {
    private static final int RECENT_DELIVERIES = 5;

    private final EventEndpoints endpoints;
    private final CurrentPerson currentPerson;

    EventEndpointsPage(EventEndpoints endpoints, CurrentPerson currentPerson) {
        this.endpoints = endpoints;
        this.currentPerson = currentPerson;
    }

    /** An endpoint with its latest deliveries, as the page lists it. */
    record Listed(EventEndpoints.Endpoint endpoint, List<EventEndpoints.Delivery> recent) {
    }

    @GetMapping("/settings/event-endpoints")
    String list(@AuthenticationPrincipal SignedInUser user, Model model) {
        return page(currentPerson.manager(user), null, "", "", Map.of(), model);
    }

    @PostMapping("/settings/event-endpoints")
    String register(@AuthenticationPrincipal SignedInUser user, @RequestParam(required = false) String url,
                    @RequestParam(required = false) String description, Model model, HttpServletResponse response) {
        Person manager = currentPerson.manager(user);
        try {
            EventEndpoints.Registered registered = endpoints.register(manager.organization(), url,
                    description == null || description.isBlank() ? null : description.strip(), List.of());
            // the secret exists only now: shown in this answer, never stored in a session or a redirect
            response.setHeader("Cache-Control", "no-store");
            return page(manager, registered, "", "", Map.of(), model);
        } catch (IllegalArgumentException invalid) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
            String message = invalid.getMessage();
            String field = message.startsWith("description") ? "description" : "url";
            return page(manager, null, url == null ? "" : url, description == null ? "" : description,
                    Map.of(field, message.substring(message.indexOf(':') + 1).strip()), model);
        }
    }

    @PostMapping("/settings/event-endpoints/{id}/enable")
    String enable(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        EventEndpoints.Endpoint endpoint = act(user, id, organization -> endpoints.enable(organization, id));
        redirect.addFlashAttribute("flash", Flash.success("Deliveries to " + endpoint.url() + " resumed; events that waited go out now."));
        return "redirect:/settings/event-endpoints";
    }

    @PostMapping("/settings/event-endpoints/{id}/disable")
    String disable(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        EventEndpoints.Endpoint endpoint = act(user, id, organization -> endpoints.disable(organization, id));
        redirect.addFlashAttribute("flash", Flash.success("Deliveries to " + endpoint.url() + " paused; its events wait for it."));
        return "redirect:/settings/event-endpoints";
    }

    @PostMapping("/settings/event-endpoints/{id}/delete")
    String delete(@AuthenticationPrincipal SignedInUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        EventEndpoints.Endpoint endpoint = act(user, id, organization -> endpoints.get(organization, id));
        endpoints.delete(currentPerson.manager(user).organization(), id);
        redirect.addFlashAttribute("flash", Flash.success("Endpoint " + endpoint.url() + " removed with its delivery log."));
        return "redirect:/settings/event-endpoints";
    }

    private EventEndpoints.Endpoint act(SignedInUser user, UUID id,
                                        java.util.function.Function<com.callimport.organizations.OrganizationId, EventEndpoints.Endpoint> action) {
        Person manager = currentPerson.manager(user);
        try {
            return action.apply(manager.organization());
        } catch (EventEndpoints.EndpointNotFound notFound) {
            throw new PageErrors.PageNotFound("no event endpoint " + id);
        }
    }

    private String page(Person manager, EventEndpoints.Registered registered, String url, String description, Map<String, String> errors,
                        Model model) {
        model.addAttribute("endpoints", endpoints.list(manager.organization()).stream()
                .map(endpoint -> new Listed(endpoint, endpoints.deliveries(manager.organization(), endpoint.id(), null, RECENT_DELIVERIES)))
                .toList());
        model.addAttribute("registered", registered);
        model.addAttribute("url", url);
        model.addAttribute("description", description);
        model.addAttribute("errors", errors);
        model.addAttribute("eventTypes", EventType.names());
        return "event-endpoints";
    }
}
