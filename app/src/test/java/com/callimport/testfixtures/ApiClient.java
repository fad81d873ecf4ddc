package com.callimport.testfixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the service's REST API over real HTTP, as a customer's script would. */
public final class ApiClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final String token;

    public ApiClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public static ApiClient at(int port, String token) {
        return new ApiClient(URI.create("http://127.0.0.1:" + port), token);
    }

    /** Creates an organization through the admin API and returns a client holding its new token. */
    public ApiClient newOrganization(String name) {
        Reply created = post("/api/admin/organizations", JSON.createObjectNode().put("name", name).toString());
        if (created.status() != 201) {
            throw new IllegalStateException("creating an organization answered " + created);
        }
        return new ApiClient(base, created.json().get("apiToken").asString());
    }

    /**
     * As {@link #newOrganization}, billed on invoice as the operator sets it: its billable imports start at once and go on
     * its invoice, for tests and benchmarks that import more than the free allowance and are not about checkout.
     */
    public ApiClient newOrganizationBilledOnInvoice(String name) {
        Reply created = post("/api/admin/organizations", JSON.createObjectNode().put("name", name).toString());
        if (created.status() != 201) {
            throw new IllegalStateException("creating an organization answered " + created);
        }
        Reply billed = put("/api/admin/organizations/" + created.text("organizationId") + "/billing-method",
                JSON.createObjectNode().put("billingMethod", "invoice").toString());
        if (billed.status() != 200) {
            throw new IllegalStateException("setting invoice billing answered " + billed);
        }
        return new ApiClient(base, created.json().get("apiToken").asString());
    }

    public String token() {
        return token;
    }

    public ApiClient withToken(String otherToken) {
        return new ApiClient(base, otherToken);
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    public Reply post(String path, String jsonBody) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    public Reply put(String path, String jsonBody) {
        return send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    /** A POST that the service recognises when it is sent again with the same {@code Idempotency-Key}. */
    public Reply post(String path, String jsonBody, String idempotencyKey) {
        return send(request(path).header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
    }

    public Reply post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public Reply delete(String path) {
        return send(request(path).DELETE());
    }

    public HttpResponse<byte[]> download(String path) {
        try {
            return HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String json(Object... keysAndValues) {
        var node = JSON.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            node.set((String) keysAndValues[i], JSON.valueToTree(keysAndValues[i + 1]));
        }
        return node.toString();
    }

    /** A response: status and body, with the body as JSON on demand. */
    public record Reply(int status, String body) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String text(String field) {
            return json().get(field).asString();
        }
    }
}
