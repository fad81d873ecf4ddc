package com.callimport.credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class VaultConfiguration {
    private static final Logger log = LoggerFactory.getLogger(VaultConfiguration.class);

    @Bean
    CredentialVault credentialVault(VaultProperties properties, JsonMapper json,
                                    @Value("${callimport.data-directory}") Path dataDirectory) {
        return new CredentialVault(VaultKeyset.parse(keysetJson(properties, dataDirectory)), json);
    }

    static String keysetJson(VaultProperties properties, Path dataDirectory) {
        if (properties.keyset() != null && !properties.keyset().isBlank()) {
            return properties.keyset();
        }
        Path file = properties.keysetFile() != null ? properties.keysetFile() : dataDirectory.resolve("vault-keyset.json");
        try {
            if (Files.exists(file)) {
                return Files.readString(file);
            }
            // Only the embedded default gets here: a generated key must outlive the process, or a restart
            // could no longer open what it sealed.
            Files.createDirectories(file.toAbsolutePath().getParent());
            String generated = VaultKeyset.generate();
            // readable by the owner only from the moment it exists: written aside, then moved into place
            Path partial = Files.createTempFile(file.toAbsolutePath().getParent(), ".vault-keyset", ".partial",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(partial, generated);
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            log.warn("No vault keyset configured: generated one in {}. In production set CALLIMPORT_VAULT_KEYSET.", file);
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create the vault keyset file " + file, e);
        }
    }
}
