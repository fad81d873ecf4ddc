package com.callimport.connector;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The only hosts a connector's requests may reach, as the vendor documents them: its API hosts (which
 * receive the connection's credentials) and the storage hosts its media links point at (which receive
 * none). Declared by {@link Connector#hosts()}; the engine checks every address a customer types against
 * {@link #api()}, and the vendor-neutral HTTP layer refuses any request to a host outside these lists.
 * Only the operator may add an address (a sandbox or simulator), through {@link ConnectionContext#baseUrl()}.
 *
 * @param api     the hosts of the vendor's API, never empty for a connector that makes requests
 * @param storage the hosts media downloads come from; empty when the vendor serves media only from its API
 */
public record VendorHosts(List<HostPattern> api, List<HostPattern> storage) {

    public VendorHosts {
        api = List.copyOf(api);
        storage = List.copyOf(storage);
    }

    public boolean isApiHost(String host) {
        return api.stream().anyMatch(pattern -> pattern.matches(host));
    }

    public boolean isStorageHost(String host) {
        return storage.stream().anyMatch(pattern -> pattern.matches(host));
    }

    /** The API hosts as a customer would write them, e.g. {@code https://<something>.api.gong.io}. */
    public String apiAddresses() {
        return api.stream().map(HostPattern::asAddress).collect(Collectors.joining(" or "));
    }

    /**
     * What is wrong with an API address a customer typed, in their words; empty when it is an {@code https}
     * address on one of the vendor's {@link #api()} hosts, on the standard port, without user, query or fragment.
     */
    public Optional<String> problemWithApiAddress(String address) {
        URI uri;
        try {
            uri = new URI(address.strip());
        } catch (URISyntaxException malformed) {
            return Optional.of("it is not a web address");
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return Optional.of("it must start with https://");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            return Optional.of("it is not a web address");
        }
        if (uri.getPort() != -1 && uri.getPort() != 443) {
            return Optional.of("it must not name a port");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return Optional.of("it must not carry ? or # parts");
        }
        if (!isApiHost(uri.getHost())) {
            return Optional.of(uri.getHost() + " is not one of its hosts");
        }
        return Optional.empty();
    }

}
