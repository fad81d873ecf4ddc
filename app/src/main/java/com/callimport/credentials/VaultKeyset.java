package com.callimport.credentials;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.security.GeneralSecurityException;

/**
 * Reading, creating and rotating the vault's Tink keyset. A keyset holds every key still needed to
 * open old ciphertexts; new ones are sealed under its primary key.
 */
public final class VaultKeyset {
    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink's AEAD primitives could not be registered", e);
        }
    }

    private VaultKeyset() {
    }

    public static KeysetHandle parse(String json) {
        try {
            return TinkJsonProtoKeysetFormat.parseKeyset(json, RegistryConfiguration.get(), InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("callimport.vault.keyset is not a Tink JSON keyset; generate one with "
                    + "'java -jar app.jar vault new-keyset'", e);
        }
    }

    public static String generate() {
        try {
            return serialize(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM, RegistryConfiguration.get()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not generate an AES-256-GCM key", e);
        }
    }

    /** The keyset with one more AES-256-GCM key, which becomes primary; the older keys stay to decrypt. */
    public static String rotate(String json) {
        try {
            KeysetHandle rotated = KeysetHandle.newBuilder(parse(json))
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                            .withRandomId()
                            .makePrimary())
                    .build();
            return serialize(rotated);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not add a key to the keyset", e);
        }
    }

    static String serialize(KeysetHandle handle) throws GeneralSecurityException {
        return TinkJsonProtoKeysetFormat.serializeKeyset(handle, RegistryConfiguration.get(), InsecureSecretKeyAccess.get());
    }
}
