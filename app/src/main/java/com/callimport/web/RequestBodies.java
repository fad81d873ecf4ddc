package com.callimport.web;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import tools.jackson.core.JacksonException;

/** What a route's JSON body looks like, derived from the record it is read into, for problems that say what to send. */
final class RequestBodies {
    private RequestBodies() {
    }

    /** An example body for the route, e.g. {@code {"connectionId": "0b7e…", "from": "2026-01-01T00:00:00Z"}}. */
    static String example(HandlerMethod handler) {
        return Arrays.stream(handler.getMethodParameters())
                .filter(parameter -> parameter.hasParameterAnnotation(RequestBody.class))
                .map(MethodParameter::getParameterType)
                .filter(Class::isRecord)
                .findFirst()
                .map(body -> Arrays.stream(body.getRecordComponents())
                        .map(RequestBodies::exampleField)
                        .collect(Collectors.joining(", ", "{", "}")))
                .orElse("{…}; see /v3/api-docs");
    }

    /** The field a Jackson path points at, as the customer wrote it: {@code settings.includePrivateCalls}, {@code ids[2]}. */
    static String field(List<JacksonException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference step : path) {
            if (step.getPropertyName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(step.getPropertyName());
            } else if (step.getIndex() >= 0) {
                field.append('[').append(step.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    private static String exampleField(RecordComponent component) {
        return "\"" + component.getName() + "\": " + ValueKinds.example(component.getType());
    }
}
