package com.callimport.connections;

import com.callimport.catalog.KnownConnectors;
import com.callimport.connector.Connector;
import com.callimport.connector.CredentialField;
import com.callimport.connector.Credentials;
import com.callimport.connector.Secret;
import com.callimport.connector.SettingField;
import com.callimport.credentials.CredentialVault;
import com.callimport.credentials.CredentialVault.SealedFor;
import com.callimport.customertext.CustomerText;
import com.callimport.organizations.OrganizationId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Stores connections, every query scoped to the organization that asks. */
@Component
public class Connections {
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final KnownConnectors connectors;
    private final CredentialVault vault;
    private final JsonMapper json;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    Connections(JdbcClient jdbc, KnownConnectors connectors, CredentialVault vault, JsonMapper json, Clock clock,
                ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.connectors = connectors;
        this.vault = vault;
        this.json = json;
        this.clock = clock;
    }

    /** A connection as a customer asked for it, before validation. */
    public record NewConnection(String platform, String name, Map<String, String> credentials, Map<String, String> settings) {
    }

    /** The credential under which a customer hands over a JWT created for our app, for platforms that accept one. */
    public static final String JWT = "jwt";

    @Transactional
    public Connection create(OrganizationId organization, NewConnection request) {
        if (request.platform() == null || request.platform().isBlank()) {
            throw new IllegalArgumentException("platform: choose one of " + String.join(", ", connectors.platforms()));
        }
        Connector connector = connectors.require(request.platform());
        Credentials credentials = givenCredentials(connector, request.credentials());
        return insert(organization, connector, request.name(), credentials, request.settings());
    }

    /**
     * Replaces the credentials of an existing connection with ones the customer gives, checked exactly as at creation.
     * The connection's health starts over (untested): whatever the old credentials earned no longer describes it.
     *
     * @throws ConnectionNotFound when the connection is not the organization's, before the credentials are looked at
     */
    @Transactional
    public Connection replaceCredentials(OrganizationId organization, UUID id, Map<String, String> given) {
        Connection connection = get(organization, id);
        Credentials credentials = givenCredentials(connectors.require(connection.platform()), given);
        storeCredentials(organization, id, credentials);
        recordHealth(organization, id, ConnectionStatus.UNTESTED, null);
        return get(organization, id);
    }

    /** The credentials a customer typed in, validated against what the connector declares; for creating and replacing alike. */
    private Credentials givenCredentials(Connector connector, Map<String, String> requested) {
        Map<String, String> given = requested == null ? Map.of() : requested;
        if (connector.oauth().isPresent() && connector.credentialFields().isEmpty()) {
            boolean jwtAccepted = connector.oauth().get().jwtBearerGrant();
            if (!jwtAccepted || given.size() != 1 || given.get(JWT) == null || given.get(JWT).isBlank()) {
                throw new IllegalArgumentException("credentials: " + connector.displayName() + " connects by signing in: POST "
                        + "/api/connections/oauth" + (jwtAccepted ? ", or give credentials.jwt, a JWT credential created for our app in "
                        + connector.displayName() + "'s console" : ""));
            }
            return new Credentials(Map.of(JWT, Secret.of(
                    CustomerText.within("credentials." + JWT, given.get(JWT), CustomerText.CREDENTIAL_CHARACTERS).strip())));
        }
        return validCredentials(connector, given);
    }

    /** A connection whose credentials the engine obtained itself (an OAuth sign-in), not typed in by the customer. */
    @Transactional
    public Connection createSignedIn(OrganizationId organization, String platform, String name, Credentials credentials,
                                     Map<String, String> settings) {
        return insert(organization, connectors.require(platform), name, credentials, settings);
    }

    /** Replaces a connection's sealed credentials, e.g. after a token refresh; part of the caller's transaction. */
    public void storeCredentials(OrganizationId organization, UUID id, Credentials credentials) {
        int updated = jdbc.sql("UPDATE connections SET credentials_sealed = ? WHERE organization_id = ? AND id = ?")
                .params(vault.seal(credentials, new SealedFor(organization.value(), id)), organization.value(), id)
                .update();
        if (updated == 0) {
            throw new ConnectionNotFound(id);
        }
    }

    /** When the vendor's grant behind the connection ends unless it is used; null when the vendor did not say. */
    public void recordGrantExpiry(OrganizationId organization, UUID id, Instant expiresAt) {
        jdbc.sql("UPDATE connections SET grant_expires_at = ? WHERE organization_id = ? AND id = ?")
                .params(expiresAt == null ? null : expiresAt.atOffset(java.time.ZoneOffset.UTC), organization.value(), id)
                .update();
    }

    /** A connection's name and settings as they will be stored, checked before a sign-in starts so that it cannot fail later. */
    public record Described(String name, Map<String, String> settings) {
    }

    /** @throws IllegalArgumentException naming the field, when the name or a setting would not be accepted */
    public Described describe(String platform, String requestedName, Map<String, String> requestedSettings) {
        Connector connector = connectors.require(platform);
        Map<String, String> settings = validSettings(connector, requestedSettings == null ? Map.of() : requestedSettings);
        String name = requestedName == null || requestedName.isBlank() ? connector.displayName()
                : CustomerText.name("name", requestedName);
        return new Described(name, settings);
    }

    private Connection insert(OrganizationId organization, Connector connector, String requestedName, Credentials credentials,
                              Map<String, String> requestedSettings) {
        Described described = describe(connector.platform().value(), requestedName, requestedSettings);
        String name = described.name();
        Map<String, String> settings = described.settings();
        UUID id = UUID.randomUUID();
        Instant now = Instant.now(clock);
        jdbc.sql("""
                INSERT INTO connections (id, organization_id, platform, name, credentials_sealed, settings, status, created_at)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?)""")
                .params(id, organization.value(), connector.platform().value(), name,
                        vault.seal(credentials, new SealedFor(organization.value(), id)),
                        json.writeValueAsString(settings), ConnectionStatus.UNTESTED.name(), now.atOffset(ZoneOffset.UTC))
                .update();
        return get(organization, id);
    }

    public List<Connection> list(OrganizationId organization) {
        return jdbc.sql("SELECT * FROM connections WHERE organization_id = ? ORDER BY created_at")
                .param(organization.value())
                .query(this::connection)
                .list();
    }

    public Optional<Connection> find(OrganizationId organization, UUID id) {
        return jdbc.sql("SELECT * FROM connections WHERE organization_id = ? AND id = ?")
                .params(organization.value(), id)
                .query(this::connection)
                .optional();
    }

    /** The connection's platform, read without opening its credentials (which may be unreadable). */
    public String platformOf(OrganizationId organization, UUID id) {
        return jdbc.sql("SELECT platform FROM connections WHERE organization_id = ? AND id = ?")
                .params(organization.value(), id)
                .query(String.class)
                .optional()
                .orElseThrow(() -> new ConnectionNotFound(id));
    }

    /** A connection's platform and health, as a page showing one of its runs draws them. */
    public record Standing(String platform, ConnectionStatus status) {
    }

    /**
     * The connection's platform and status in one read, without opening its credentials: a run's progress page asks
     * for them on every load, and decrypting credentials it does not show would cost each load for nothing.
     */
    public Standing standingOf(OrganizationId organization, UUID id) {
        return jdbc.sql("SELECT platform, status FROM connections WHERE organization_id = ? AND id = ?")
                .params(organization.value(), id)
                .query((rs, row) -> new Standing(rs.getString("platform"), ConnectionStatus.valueOf(rs.getString("status"))))
                .optional()
                .orElseThrow(() -> new ConnectionNotFound(id));
    }

    public Connection get(OrganizationId organization, UUID id) {
        return find(organization, id).orElseThrow(() -> new ConnectionNotFound(id));
    }

    @Transactional
    public void delete(OrganizationId organization, UUID id) {
        int deleted = jdbc.sql("DELETE FROM connections WHERE organization_id = ? AND id = ?")
                .params(organization.value(), id)
                .update();
        if (deleted == 0) {
            throw new ConnectionNotFound(id);
        }
    }

    /** The decrypted credentials, for opening a source; never for an API response. */
    public Credentials credentials(OrganizationId organization, UUID id) {
        byte[] sealed = jdbc.sql("SELECT credentials_sealed FROM connections WHERE organization_id = ? AND id = ?")
                .params(organization.value(), id)
                .query(byte[].class)
                .optional()
                .orElseThrow(() -> new ConnectionNotFound(id));
        return vault.open(sealed, new SealedFor(organization.value(), id));
    }

    /** Records the connection's health; a connection that works again after it did not is announced ({@link ConnectionRestored}). */
    @Transactional
    public void recordHealth(OrganizationId organization, UUID id, ConnectionStatus status, String detail) {
        Instant now = Instant.now(clock);
        Optional<ConnectionStatus> before = jdbc.sql("""
                UPDATE connections c SET status = ?, status_detail = ?, checked_at = ?
                FROM (SELECT id, status FROM connections WHERE organization_id = ? AND id = ? FOR UPDATE) previous
                WHERE c.id = previous.id
                RETURNING previous.status""")
                .params(status.name(), detail, now.atOffset(ZoneOffset.UTC), organization.value(), id)
                .query((rs, row) -> ConnectionStatus.valueOf(rs.getString(1)))
                .optional();
        if (status == ConnectionStatus.ACTIVE && before.isPresent() && before.get() != ConnectionStatus.ACTIVE) {
            events.publishEvent(new ConnectionRestored(organization, id, now));
        }
    }

    /** Re-seals every credential that an older vault key sealed under the current primary key. */
    @Transactional
    public int rewrapCredentials() {
        record Sealed(UUID id, UUID organization, byte[] sealed) { }
        List<Sealed> all = jdbc.sql("SELECT id, organization_id, credentials_sealed FROM connections FOR UPDATE")
                .query((rs, row) -> new Sealed(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getBytes(3)))
                .list();
        int rewrapped = 0;
        for (Sealed connection : all) {
            var resealed = vault.resealedUnderPrimaryKey(connection.sealed(), new SealedFor(connection.organization(), connection.id()));
            if (resealed.isPresent()) {
                jdbc.sql("UPDATE connections SET credentials_sealed = ? WHERE id = ?").params(resealed.get(), connection.id()).update();
                rewrapped++;
            }
        }
        return rewrapped;
    }

    private Credentials validCredentials(Connector connector, Map<String, String> given) {
        Set<String> known = connector.credentialFields().stream().map(CredentialField::name).collect(Collectors.toSet());
        Set<String> unknown = new TreeSet<>(given.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("credentials." + unknown.iterator().next() + ": " + connector.displayName()
                    + " takes only " + fieldNames(connector));
        }
        Map<String, Secret> values = new LinkedHashMap<>();
        for (CredentialField field : connector.credentialFields()) {
            String value = given.get(field.name());
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("credentials." + field.name() + ": " + field.label()
                        + " is required. " + field.help());
            }
            String checked = CustomerText.within("credentials." + field.name(), value, CustomerText.CREDENTIAL_CHARACTERS).strip();
            if (field.apiAddress()) {
                String problem = addressProblem(connector, field, checked);
                if (problem != null) {
                    throw new IllegalArgumentException(problem);
                }
            }
            values.put(field.name(), Secret.of(checked));
        }
        return new Credentials(values);
    }

    /**
     * What is wrong with a customer's address for the vendor's API, as the answer to send back; null when it is an
     * https address on one of the connector's declared API hosts. Only the operator's configuration may point elsewhere.
     */
    static String addressProblem(Connector connector, CredentialField field, String value) {
        return connector.hosts().problemWithApiAddress(value)
                .map(reason -> "credentials." + field.name() + ": use your " + connector.displayName() + " API address, "
                        + connector.hosts().apiAddresses() + " (" + reason + "). " + field.help())
                .orElse(null);
    }

    private Map<String, String> validSettings(Connector connector, Map<String, String> given) {
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, SettingField> known = connector.settingFields().stream()
                .collect(Collectors.toMap(SettingField::name, field -> field));
        for (var entry : given.entrySet()) {
            String field = "settings." + CustomerText.within("settings", entry.getKey(), CustomerText.NAME_CHARACTERS);
            SettingField declared = known.get(entry.getKey());
            if (declared == null) {
                throw new IllegalArgumentException(field + ": " + connector.displayName() + " has no such setting; it has "
                        + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known.keySet()))));
            }
            if (entry.getValue() == null) {
                continue; // null asks for the default, which the connector applies
            }
            String value = CustomerText.within(field, entry.getValue(), CustomerText.SETTING_CHARACTERS);
            settings.put(entry.getKey(), declared.type().canonical(value).orElseThrow(() -> new IllegalArgumentException(
                    field + ": " + declared.type().expectation() + ", not '" + abbreviated(value) + "'. " + declared.help())));
        }
        return settings;
    }

    private static String abbreviated(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    private static String fieldNames(Connector connector) {
        return connector.credentialFields().stream().map(CredentialField::name).collect(Collectors.joining(", "));
    }

    private Connection connection(ResultSet rs, int row) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        OrganizationId organization = new OrganizationId(rs.getObject("organization_id", UUID.class));
        String platform = rs.getString("platform");
        Map<String, String> visible = new LinkedHashMap<>();
        connectors.find(platform).ifPresent(connector -> {
            Credentials credentials = vault.open(sealedCredentials(rs), new SealedFor(organization.value(), id));
            connector.credentialFields().stream()
                    .filter(field -> !field.secret())
                    .forEach(field -> credentials.find(field.name()).ifPresent(value -> visible.put(field.name(), value.reveal())));
        });
        return new Connection(id, organization, platform, rs.getString("name"), visible,
                json.readValue(rs.getString("settings"), STRING_MAP),
                ConnectionStatus.valueOf(rs.getString("status")), rs.getString("status_detail"),
                instant(rs, "checked_at"), instant(rs, "created_at"));
    }

    private static byte[] sealedCredentials(ResultSet rs) {
        try {
            return rs.getBytes("credentials_sealed");
        } catch (SQLException e) {
            throw new IllegalStateException("connections.credentials_sealed is unreadable", e);
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        var timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** No connection with that id in the caller's organization (another organization's looks the same). */
    public static final class ConnectionNotFound extends RuntimeException {
        public ConnectionNotFound(UUID id) {
            super("no connection " + id + " in this organization");
        }
    }
}
