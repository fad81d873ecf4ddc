package com.callimport.catalog;

import com.callimport.connector.Connector;
import com.callimport.connector.PlatformId;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.springframework.stereotype.Component;

/** Every connector on the class path, discovered once through {@link ServiceLoader}, by platform. */
@Component
public class KnownConnectors {
    private final Map<PlatformId, Connector> byPlatform;

    public KnownConnectors() {
        this(ServiceLoader.load(Connector.class).stream().map(ServiceLoader.Provider::get).toList());
    }

    public KnownConnectors(Collection<Connector> connectors) {
        Map<PlatformId, Connector> found = new LinkedHashMap<>();
        connectors.stream().sorted(Comparator.comparing(connector -> connector.platform().value())).forEach(connector -> {
            Connector previous = found.putIfAbsent(connector.platform(), connector);
            if (previous != null) {
                throw new IllegalStateException("two connectors claim platform " + connector.platform() + ": "
                        + previous.getClass().getName() + " and " + connector.getClass().getName());
            }
        });
        this.byPlatform = Map.copyOf(found);
    }

    public Optional<Connector> find(String platform) {
        return byPlatform.entrySet().stream()
                .filter(entry -> entry.getKey().value().equals(platform))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    public Connector require(String platform) {
        return find(platform).orElseThrow(() -> new UnknownPlatform(platform, platforms()));
    }

    public List<String> platforms() {
        return byPlatform.keySet().stream().map(PlatformId::value).sorted().toList();
    }

    public List<Connector> all() {
        return byPlatform.values().stream().sorted(Comparator.comparing(connector -> connector.platform().value())).toList();
    }

    /** A platform no connector serves; the message lists the ones that exist. */
    public static final class UnknownPlatform extends RuntimeException {
        public UnknownPlatform(String platform, List<String> known) {
            super("platform '" + platform + "' is not known; known platforms: " + String.join(", ", known));
        }
    }
}
