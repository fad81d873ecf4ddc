package com.callimport.web;

import java.time.LocalDate;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The kinds of value the API takes, in the customer's words: what to send and an example, never a Java type. */
final class ValueKinds {
    static final String EXAMPLE_ID = "0b7e3f2c-5a61-4c1e-9f0a-2d8c6b4e1a37";
    static final String EXAMPLE_INSTANT = "2026-01-01T00:00:00Z";

    private ValueKinds() {
    }

    /** What to send for a value of {@code type}; {@code sent} (if known) is quoted back, shortened. */
    static String expectation(Class<?> type, Object sent) {
        String quoted = sent == null ? "" : "'" + abbreviated(String.valueOf(sent)) + "' ";
        if (type == null) {
            return "send a value of another kind; see /v3/api-docs";
        }
        if (type == UUID.class) {
            return quoted + (sent == null ? "send an id" : "is not an id") + "; send the id as the API returned it, like " + EXAMPLE_ID;
        }
        if (type == LocalDate.class) {
            return quoted + (sent == null ? "send a date" : "is not a date") + "; send ISO-8601 like 2026-01-01";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return quoted + (sent == null ? "send a date-time" : "is not a date-time") + "; send ISO-8601 like " + EXAMPLE_INSTANT;
        }
        if (type == Boolean.class || type == boolean.class) {
            return "send true or false" + (sent == null ? "" : ", not " + quoted.strip());
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return sent == null ? "send a whole number" : quoted + "is not a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return sent == null ? "send a number" : quoted + "is not a number";
        }
        if (type.isEnum()) {
            return "send one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "))
                    + (sent == null ? "" : ", not " + quoted.strip());
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "send text in quotes";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "send an object of names and values, like {\"name\": \"value\"}";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "send a list, like [\"value\"]";
        }
        return "send an object; see /v3/api-docs";
    }

    /** An example value of {@code type}, as JSON. */
    static String example(Class<?> type) {
        if (type == UUID.class) {
            return "\"" + EXAMPLE_ID + "\"";
        }
        if (type == LocalDate.class) {
            return "\"2026-01-01\"";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "\"" + EXAMPLE_INSTANT + "\"";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "1";
        }
        if (type.isEnum() && type.getEnumConstants().length > 0) {
            return "\"" + type.getEnumConstants()[0] + "\"";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "{}";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "[]";
        }
        return "\"…\"";
    }

    private static String abbreviated(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
