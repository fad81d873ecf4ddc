package com.callimport.connectors.http;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The HTTP connections a connector shares across all its sources: one JDK HttpClient (with its
 * connection pool) per request timeout, so that opening a source per unit of work stays cheap.
 * Thread-safe; a connector keeps one for its lifetime.
 */
public final class HttpTransport {
    private final ConcurrentMap<Duration, RestClient> clients = new ConcurrentHashMap<>();

    /** A client whose connect and read timeouts are both {@code timeout}. */
    RestClient restClient(Duration timeout) {
        return clients.computeIfAbsent(timeout, HttpTransport::build);
    }

    private static RestClient build(Duration timeout) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                // a redirect could carry the Authorization header to another host; vendors' APIs do not redirect
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(timeout);
        return RestClient.builder().requestFactory(factory).build();
    }
}
