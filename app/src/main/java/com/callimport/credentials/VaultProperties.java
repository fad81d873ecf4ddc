package com.callimport.credentials;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the vault's keyset comes from: {@code keyset} (a Tink JSON keyset, usually from the
 * {@code CALLIMPORT_VAULT_KEYSET} environment variable) wins over {@code keysetFile}. With neither,
 * the embedded default keeps a generated keyset in the data directory so that a restart can still
 * decrypt what it sealed.
 */
@ConfigurationProperties("callimport.vault")
public record VaultProperties(String keyset, Path keysetFile) {
}
