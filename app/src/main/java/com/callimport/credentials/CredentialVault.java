package com.callimport.credentials;

import com.callimport.connector.Credentials;
import com.callimport.connector.Secret;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seals and opens a connection's credentials. The ciphertext is bound to its owner (organization and
 * connection ids as associated data), so a sealed blob copied onto another organization's connection
 * does not open.
 */
public class CredentialVault {
    private static final TypeReference<LinkedHashMap<String, String>> CREDENTIAL_MAP = new TypeReference<>() { };

    private final Aead aead;
    private final int primaryKeyId;
    private final JsonMapper json;

    public CredentialVault(KeysetHandle keyset, JsonMapper json) {
        try {
            this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the vault keyset holds no usable AEAD key", e);
        }
        this.primaryKeyId = keyset.getPrimary().getId();
        this.json = json;
    }

    public byte[] seal(Credentials credentials, SealedFor owner) {
        Map<String, String> plain = new LinkedHashMap<>();
        credentials.values().forEach((name, secret) -> plain.put(name, secret.reveal()));
        try {
            return aead.encrypt(json.writeValueAsBytes(plain), owner.associatedData());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing credentials failed", e);
        }
    }

    public Credentials open(byte[] sealed, SealedFor owner) {
        try {
            Map<String, String> plain = json.readValue(aead.decrypt(sealed, owner.associatedData()), CREDENTIAL_MAP);
            Map<String, Secret> secrets = new LinkedHashMap<>();
            plain.forEach((name, value) -> secrets.put(name, Secret.of(value)));
            return new Credentials(secrets);
        } catch (GeneralSecurityException e) {
            throw new CredentialsUnreadable(owner);
        }
    }

    /** Whether a ciphertext was sealed under a key other than the current primary, i.e. needs re-wrapping. */
    public boolean sealedUnderOlderKey(byte[] sealed) {
        // Tink's TINK output prefix: one version byte, then the 4-byte id of the key that sealed it
        return sealed.length < 5 || ByteBuffer.wrap(sealed, 1, 4).getInt() != primaryKeyId;
    }

    /** {@code sealed} sealed again under the current primary key, or empty when it already is (a key rotation's rewrap). */
    public java.util.Optional<byte[]> resealedUnderPrimaryKey(byte[] sealed, SealedFor owner) {
        return sealedUnderOlderKey(sealed) ? java.util.Optional.of(seal(open(sealed, owner), owner)) : java.util.Optional.empty();
    }

    /** Whose credentials a ciphertext holds; bound into it as associated data. */
    public record SealedFor(java.util.UUID organizationId, java.util.UUID connectionId) {
        byte[] associatedData() {
            return ("connection:" + organizationId + ":" + connectionId).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A ciphertext the current keyset cannot open: a removed key, or a blob moved to another owner. */
    public static final class CredentialsUnreadable extends RuntimeException {
        CredentialsUnreadable(SealedFor owner) {
            super("the credentials of connection " + owner.connectionId()
                    + " cannot be decrypted with the configured vault keyset; restore the key that sealed them or reconnect");
        }
    }
}
