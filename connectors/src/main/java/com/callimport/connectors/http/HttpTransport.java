package com.callimport.connectors.http;

import com.callimport.connector.VendorHosts;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The HTTP connections a connector shares across all its sources, and the hosts they may reach: one
 * client (with its connection pool) per request timeout and operator override, so that opening a source
 * per unit of work stays cheap. Every connection is opened only after {@link PublicOnlyDnsResolver} has
 * checked the address it goes to; redirects are never followed by the client. Thread-safe; a connector
 * keeps one for its lifetime.
 */
public final class HttpTransport {
    private final VendorHosts hosts;
    private final DnsResolver names;
    private final ConcurrentMap<Key, RestClient> clients = new ConcurrentHashMap<>();

    /** @param hosts the connector's declared hosts, which {@link VendorHttpClient} holds every request to */
    public HttpTransport(VendorHosts hosts) {
        this(hosts, SystemDefaultDnsResolver.INSTANCE);
    }

    /** @param names the name service asked before the address check (the system's, or a test's) */
    HttpTransport(VendorHosts hosts, DnsResolver names) {
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.names = Objects.requireNonNull(names, "names");
    }

    VendorHosts hosts() {
        return hosts;
    }

    /** A client whose connect and read timeouts are both {@code timeout}, trusting only the operator's override host. */
    RestClient restClient(Duration timeout, Optional<URI> operatorOverride) {
        return clients.computeIfAbsent(new Key(timeout, operatorOverride.map(URI::getHost)), this::build);
    }

    private RestClient build(Key key) {
        Timeout timeout = Timeout.of(key.timeout());
        CloseableHttpClient http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(new PublicOnlyDnsResolver(names, key.operatorHost()))
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                        .setMaxConnTotal(200)
                        .setMaxConnPerRoute(50)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
                // a redirect could carry the Authorization header to another host; our code decides whether to follow
                .disableRedirectHandling()
                // the engine retries, with its budget and backoff; storage lengths are checked on the raw bytes
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .build();
        HttpComponentsClientHttpRequestFactory factory = new HttpComponentsClientHttpRequestFactory(http);
        factory.setReadTimeout(key.timeout());
        return RestClient.builder().requestFactory(factory).build();
    }

    private record Key(Duration timeout, Optional<String> operatorHost) {
    }
}
