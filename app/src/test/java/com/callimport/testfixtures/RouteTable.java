package com.callimport.testfixtures;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every route the running service answers (controllers, actuator, API docs), read from its own handler
 * mappings, so that a test over the route table covers an endpoint added tomorrow without anyone listing it.
 */
public final class RouteTable {
    private static final Pattern VARIABLE = Pattern.compile("\\{\\*?([^}:]+)(:[^}]*)?}");

    private RouteTable() {
    }

    /** One method on one path pattern, e.g. {@code POST /api/connections/{id}/test}. */
    public record Route(String method, String pattern) {
        public boolean hasVariables() {
            return VARIABLE.matcher(pattern).find();
        }

        /** The path with each variable replaced by {@code value.apply(the segment before it, its name)}. */
        public String path(java.util.function.BiFunction<String, String, String> value) {
            Matcher matcher = VARIABLE.matcher(pattern);
            StringBuilder path = new StringBuilder();
            while (matcher.find()) {
                String before = pattern.substring(0, matcher.start());
                String[] segments = before.split("/");
                String previous = segments.length == 0 ? "" : segments[segments.length - 1];
                matcher.appendReplacement(path, Matcher.quoteReplacement(value.apply(previous, matcher.group(1))));
            }
            matcher.appendTail(path);
            return path.toString();
        }

        /**
         * A page of the web app (web/pages), for a browser signed in with a session; everything else is the
         * API's, for a token (or public: API docs, health, webhooks, the OAuth callback).
         */
        public boolean isPage() {
            return !(pattern.equals("/api") || pattern.startsWith("/api/") || pattern.startsWith("/actuator")
                    || pattern.startsWith("/v3/api-docs") || pattern.startsWith("/webhooks/")
                    || pattern.equals("/oauth/callback") || pattern.equals("/error"));
        }

        /** A page anyone may open signed out: sign-in, sign-up, and an invitation's link (its token stands for it). */
        public boolean isPublicPage() {
            return pattern.equals("/sign-in") || pattern.equals("/sign-up") || pattern.equals("/invitations/{token}")
                    || pattern.equals("/forgot-password") || pattern.equals("/reset-password/{token}");
        }

        /** The path with every variable filled by a value that names nothing. */
        public String anyPath() {
            return path((segment, name) -> UUID.randomUUID().toString());
        }

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    public static List<Route> of(ApplicationContext context) {
        Set<Route> routes = new TreeSet<>(Comparator.comparing(Route::pattern).thenComparing(Route::method));
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                Set<String> names = methods.isEmpty() ? Set.of("GET", "POST") : new TreeSet<>(methods.stream().map(Enum::name).toList());
                for (String pattern : info.getPatternValues()) {
                    for (String method : names) {
                        routes.add(new Route(method, pattern));
                    }
                }
            }
        }
        return List.copyOf(routes);
    }

    /** Spellings of one path that a careless prefix check would not recognise as that path. */
    public static List<String> spellingsOf(String path) {
        String[] segments = path.substring(1).split("/", -1);
        String first = segments[0];
        String rest = path.substring(1 + first.length());
        Function<String, String> encodeFirstLetter = segment -> segment.isEmpty() ? segment
                : "%" + Integer.toHexString(segment.charAt(0)).toUpperCase() + segment.substring(1);
        List<String> spellings = new java.util.ArrayList<>(List.of(
                "/" + encodeFirstLetter.apply(first) + rest,
                "/" + first.toUpperCase() + rest,
                "//" + first + rest,
                "/" + first + "/" + rest,
                "/" + first + ";x=1" + rest,
                "/" + first + "/." + rest,
                "/" + first + "/%2e" + rest,
                "/" + first + "/x/.." + rest,
                "/" + first + "/x/%2E%2E" + rest,
                "/" + first + "%2F" + rest.substring(Math.min(1, rest.length())),
                "/" + first + "%5C" + rest.substring(Math.min(1, rest.length())),
                path + "/",
                path + ";jsessionid=x",
                path + "%00"));
        if (segments.length > 1) {
            spellings.add("/" + first + "/" + encodeFirstLetter.apply(segments[1]) + path.substring(2 + first.length() + segments[1].length()));
        }
        return spellings;
    }
}
