package com.callimport.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedKeysetFileTest {
    @TempDir
    Path dataDirectory;

    @Test
    void theEmbeddedDefaultsGeneratedKeysetIsReadableByItsOwnerOnlyAndKeptAcrossStarts() throws Exception {
        VaultProperties none = new VaultProperties(null, null);

        String first = VaultConfiguration.keysetJson(none, dataDirectory);
        String second = VaultConfiguration.keysetJson(none, dataDirectory);

        Path file = dataDirectory.resolve("vault-keyset.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(second).isEqualTo(first);
        try (var left = Files.list(dataDirectory)) {
            assertThat(left.map(path -> path.getFileName().toString())).containsExactly("vault-keyset.json");
        }
    }
}
