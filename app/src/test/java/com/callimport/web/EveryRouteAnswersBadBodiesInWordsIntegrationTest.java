package com.callimport.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.testfixtures.ApiClient;
import com.callimport.testfixtures.EngineIntegrationTest;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Walks the real route table: every route that takes a JSON body answers an empty body, a body that is not JSON and
 * each field sent with the wrong type with a 4xx in words, never with a Java type, a stack trace or a 5xx.
 */
@EngineIntegrationTest
class EveryRouteAnswersBadBodiesInWordsIntegrationTest {
    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping routes;

    record Route(RequestMethod method, String path, Class<?> body) {
    }

    @Test
    void everyRouteWithABodyAnswersBadBodiesWithA4xxInWords() {
        ApiClient admin = ApiClient.at(port, "test-bootstrap-token");
        ApiClient acme = admin.newOrganization("Acme");
        List<Route> bodied = routesWithABody();
        assertThat(bodied).as("routes that take a JSON body").hasSizeGreaterThanOrEqualTo(5);

        List<String> offences = new ArrayList<>();
        for (Route route : bodied) {
            ApiClient caller = route.path().startsWith("/api/admin/") ? admin : acme;
            check(offences, route, "an empty body", send(caller, route, ""), null);
            check(offences, route, "a body that is not JSON", send(caller, route, "platform=gong&name=x"), null);
            check(offences, route, "a JSON array", send(caller, route, "[1, 2]"), null);
            for (RecordComponent field : route.body().getRecordComponents()) {
                String body = "{\"" + field.getName() + "\": " + wronglyTyped(field.getType()) + "}";
                check(offences, route, body, send(caller, route, body), field.getName());
            }
        }
        assertThat(offences).isEmpty();
    }

    private List<Route> routesWithABody() {
        List<Route> found = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : routes.getHandlerMethods().entrySet()) {
            for (MethodParameter parameter : entry.getValue().getMethodParameters()) {
                if (!parameter.hasParameterAnnotation(RequestBody.class) || !parameter.getParameterType().isRecord()) {
                    continue;
                }
                for (String pattern : entry.getKey().getPatternValues()) {
                    for (RequestMethod method : entry.getKey().getMethodsCondition().getMethods()) {
                        found.add(new Route(method, pattern.replaceAll("\\{[^}]+}", UUID.randomUUID().toString()),
                                parameter.getParameterType()));
                    }
                }
            }
        }
        return found;
    }

    private static ApiClient.Reply send(ApiClient caller, Route route, String body) {
        return route.method() == RequestMethod.PUT ? caller.put(route.path(), body) : caller.post(route.path(), body);
    }

    private static String wronglyTyped(Class<?> type) {
        if (type == UUID.class) {
            return "\"not-an-id\"";
        }
        if (type == Instant.class) {
            return "\"2026-13-01\"";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "\"maybe\"";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "\"many\"";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "\"text\"";
        }
        return "{\"nested\": [1]}";
    }

    private static void check(List<String> offences, Route route, String sent, ApiClient.Reply reply, String field) {
        String where = route.method() + " " + route.path() + " with " + sent + " answered " + reply.status() + " " + reply.body();
        if (reply.status() < 400 || reply.status() > 499) {
            offences.add(where + ": not a 4xx");
        }
        for (String leak : List.of("java.", "com.callimport", "tools.jackson", "Jackson", "Exception", "\tat ", "Optional",
                "LinkedHashMap", "`", "Cannot deserialize", "HttpMessage", "Required request body")) {
            if (reply.body().contains(leak)) {
                offences.add(where + ": shows '" + leak + "'");
            }
        }
        if (field != null && reply.status() == 400 && !reply.text("detail").startsWith(field + ":")) {
            offences.add(where + ": does not name the field " + field);
        }
    }
}
