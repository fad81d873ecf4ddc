package com.callimport.alerts;

import com.callimport.catalog.KnownConnectors;
import com.callimport.connections.Connection;
import com.callimport.connections.Connections;
import com.callimport.emails.CustomerEmails;
import com.callimport.emails.EmailTemplates;
import com.callimport.organizations.Organization;
import com.callimport.organizations.Organizations;
import com.callimport.people.People;
import com.callimport.people.Person;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one alert notice everywhere it goes: an email to each owner and admin of the organization and to its assigned CSM,
 * a message to the operator's Slack-compatible incoming webhook, and a Standard Webhooks signed POST to the operator's
 * webhook. A channel that fails is logged (never with the secret) and does not stop the others.
 */
@Component
class AlertNotices {
    private static final Logger log = LoggerFactory.getLogger(AlertNotices.class);

    enum Kind { OPENED, REMINDER, RESOLVED }

    record Notice(Kind kind, Alert alert) {
    }

    private final AlertProperties properties;
    private final People people;
    private final Organizations organizations;
    private final Connections connections;
    private final KnownConnectors connectors;
    private final EmailTemplates templates;
    private final CustomerEmails emails;
    private final JsonMapper json;
    private final Clock clock;
    private final URI publicUrl;
    private final RestClient http;
    private final Optional<StandardWebhookSignature> signature;

    AlertNotices(AlertProperties properties, People people, Organizations organizations, Connections connections,
                 KnownConnectors connectors, EmailTemplates templates, CustomerEmails emails, JsonMapper json, Clock clock,
                 @Value("${callimport.web.public-url:}") String publicUrl) {
        this.properties = properties;
        this.people = people;
        this.organizations = organizations;
        this.connections = connections;
        this.connectors = connectors;
        this.templates = templates;
        this.emails = emails;
        this.json = json;
        this.clock = clock;
        this.publicUrl = URI.create(publicUrl == null || publicUrl.isBlank() ? "http://localhost:8080" : publicUrl.strip().replaceAll("/+$", ""));
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5)).build());
        requests.setReadTimeout(Duration.ofSeconds(10));
        this.http = RestClient.builder().requestFactory(requests).build();
        this.signature = Optional.ofNullable(properties.webhookSecret()).filter(secret -> !secret.isBlank())
                .map(StandardWebhookSignature::new);
    }

    void send(Notice notice) {
        Alert alert = notice.alert();
        Optional<Connection> connection = connections.find(alert.organization(), alert.connectionId());
        Organization organization = organizations.get(alert.organization());
        String connectionName = connection.map(Connection::name).orElse("A connection");
        String platform = connection.map(found -> connectors.find(found.platform()).map(c -> c.displayName()).orElse(found.platform()))
                .orElse("");
        String link = publicUrl + alert.fixPath();
        String headline = switch (notice.kind()) {
            case OPENED -> connectionName + ": " + alert.cause().title();
            case REMINDER -> "Still open — " + connectionName + ": " + alert.cause().title();
            case RESOLVED -> "Resolved — " + connectionName + ": " + alert.cause().title();
        };
        email(notice, organization, connectionName, headline, link);
        slack(notice, organization, headline, link);
        webhook(notice, organization, connection, platform, link);
    }

    private void email(Notice notice, Organization organization, String connectionName, String headline, String link) {
        Set<String> recipients = new LinkedHashSet<>();
        people.of(organization.id()).stream().filter(person -> person.role().manages()).map(Person::email).forEach(recipients::add);
        people.assignedCsm(organization.id()).map(Person::email).ifPresent(recipients::add);
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("organizationName", organization.name());
        variables.put("connectionName", connectionName);
        variables.put("cause", notice.alert().cause().title());
        variables.put("detail", notice.alert().detail());
        variables.put("kind", notice.kind().name());
        variables.put("openedAt", notice.alert().openedAt());
        for (String to : recipients) {
            try {
                emails.send(templates.render(organization.id(), to, headline, "alert", variables, link));
            } catch (RuntimeException failed) {
                log.warn("alert {} could not be emailed to {}: {}", notice.alert().id(), to, failed.toString());
            }
        }
    }

    private void slack(Notice notice, Organization organization, String headline, String link) {
        if (properties.slackWebhookUrl() == null) {
            return;
        }
        String text = switch (notice.kind()) {
            case RESOLVED -> ":white_check_mark: " + headline + " (" + organization.name() + ")";
            case OPENED, REMINDER -> ":warning: " + headline + " (" + organization.name() + ")\n" + notice.alert().detail()
                    + "\n<" + link + "|Fix it>";
        };
        post(properties.slackWebhookUrl(), json.writeValueAsString(Map.of("text", text)), Map.of(), notice, "Slack webhook");
    }

    private void webhook(Notice notice, Organization organization, Optional<Connection> connection, String platform, String link) {
        if (properties.webhookUrl() == null || signature.isEmpty()) {
            return;
        }
        Alert alert = notice.alert();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("alertId", alert.id().toString());
        data.put("organizationId", organization.id().value().toString());
        data.put("organizationName", organization.name());
        data.put("connectionId", alert.connectionId().toString());
        data.put("connectionName", connection.map(Connection::name).orElse(null));
        data.put("platform", connection.map(Connection::platform).orElse(null));
        data.put("platformName", platform);
        data.put("cause", alert.cause().name());
        data.put("title", alert.cause().title());
        data.put("detail", alert.detail());
        data.put("fixUrl", link);
        data.put("openedAt", alert.openedAt().toString());
        data.put("notifications", alert.notifications());
        if (alert.resolvedAt() != null) {
            data.put("resolvedAt", alert.resolvedAt().toString());
        }
        Instant now = Instant.now(clock);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "alert." + notice.kind().name().toLowerCase(java.util.Locale.ROOT));
        event.put("timestamp", now.toString());
        event.put("data", data);
        String body = json.writeValueAsString(event);
        // the same notice keeps its id across a receiver's retries: alert, kind and notice number
        String id = "msg_" + alert.id() + "_" + notice.kind().name().toLowerCase(java.util.Locale.ROOT) + "_" + alert.notifications();
        long timestamp = now.getEpochSecond();
        post(properties.webhookUrl(), body, Map.of("webhook-id", id, "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", signature.get().sign(id, timestamp, body)), notice, "signed webhook");
    }

    private void post(URI url, String body, Map<String, String> headers, Notice notice, String channel) {
        try {
            http.post().uri(url).contentType(MediaType.APPLICATION_JSON)
                    .headers(all -> headers.forEach(all::set))
                    .body(body).retrieve().toBodilessEntity();
        } catch (RestClientException failed) {
            // the address may carry a token (Slack's does): name the host only
            log.warn("alert {} ({}) could not be sent to the {} at {}: {}", notice.alert().id(), notice.kind(), channel, url.getHost(),
                    failed.getClass().getSimpleName());
        }
    }
}
