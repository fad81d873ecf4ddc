package com.callimport.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callimport.connector.Credentials;
import com.callimport.connector.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CredentialVaultTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final CredentialVault.SealedFor owner = new CredentialVault.SealedFor(UUID.randomUUID(), UUID.randomUUID());
    private final Credentials credentials = new Credentials(Map.of("accessKey", Secret.of("AK-123"), "accessKeySecret", Secret.of("s3cr3t-value")));

    @Test
    void sealedCredentialsOpenToTheSameValuesAndHideThemInTheCiphertext() {
        CredentialVault vault = new CredentialVault(VaultKeyset.parse(VaultKeyset.generate()), JSON);

        byte[] sealed = vault.seal(credentials, owner);

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("s3cr3t-value").doesNotContain("AK-123");
        assertThat(vault.open(sealed, owner)).isEqualTo(credentials);
    }

    @Test
    void aCiphertextMovedToAnotherConnectionDoesNotOpen() {
        CredentialVault vault = new CredentialVault(VaultKeyset.parse(VaultKeyset.generate()), JSON);
        byte[] sealed = vault.seal(credentials, owner);

        var otherOrganization = new CredentialVault.SealedFor(UUID.randomUUID(), owner.connectionId());

        assertThatThrownBy(() -> vault.open(sealed, otherOrganization))
                .isInstanceOf(CredentialVault.CredentialsUnreadable.class)
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void aRotatedKeysetStillOpensOldCiphertextsAndMarksThemForRewrapping() {
        String original = VaultKeyset.generate();
        byte[] sealedUnderOldKey = new CredentialVault(VaultKeyset.parse(original), JSON).seal(credentials, owner);

        CredentialVault rotated = new CredentialVault(VaultKeyset.parse(VaultKeyset.rotate(original)), JSON);

        assertThat(rotated.open(sealedUnderOldKey, owner)).isEqualTo(credentials);
        assertThat(rotated.sealedUnderOlderKey(sealedUnderOldKey)).isTrue();
        assertThat(rotated.sealedUnderOlderKey(rotated.seal(credentials, owner))).isFalse();
    }

    @Test
    void aKeysetThatLostTheOldKeyCannotOpenItsCiphertexts() {
        byte[] sealed = new CredentialVault(VaultKeyset.parse(VaultKeyset.generate()), JSON).seal(credentials, owner);

        CredentialVault stranger = new CredentialVault(VaultKeyset.parse(VaultKeyset.generate()), JSON);

        assertThatThrownBy(() -> stranger.open(sealed, owner)).isInstanceOf(CredentialVault.CredentialsUnreadable.class);
    }

    @Test
    void secretsAreRedactedWhenPrinted() {
        assertThat(Secret.of("s3cr3t-value").toString()).doesNotContain("s3cr3t");
        assertThat(credentials.toString()).doesNotContain("s3cr3t").doesNotContain("AK-123");
    }

    @Test
    void aMalformedKeysetIsRefusedWithTheSettingToFix() {
        assertThatThrownBy(() -> VaultKeyset.parse("{not a keyset"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("callimport.vault.keyset");
    }
}
