package com.callimport.capabilitymatrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.callimport.testfixtures.EngineIntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The checked-in matrix is what the catalogue, pricing and timeline model say today. With
 * {@code -Dcallimport.regenerate-docs=true} (bin/generate-docs) it rewrites the files instead.
 */
@EngineIntegrationTest
class CapabilityMatrixDocumentsIntegrationTest {
    private static final Path DOCS = Path.of("..", "docs");

    @Autowired
    CapabilityMatrix matrix;

    @Test
    void theCheckedInMarkdownMatrixIsCurrent() throws IOException {
        assertCurrent(DOCS.resolve("capability-matrix.md"), matrix.markdown());
    }

    @Test
    void theCheckedInCsvMatrixIsCurrent() throws IOException {
        assertCurrent(DOCS.resolve("capability-matrix.csv"), matrix.csv());
    }

    private static void assertCurrent(Path file, String generated) throws IOException {
        if (Boolean.getBoolean("callimport.regenerate-docs")) {
            Files.writeString(file, generated);
        }
        assertThat(Files.exists(file)).as(file + " exists; run bin/generate-docs").isTrue();
        assertThat(Files.readString(file))
                .as(file + " is stale: the catalogue, the connectors or the pricing changed; run bin/generate-docs and commit it")
                .isEqualTo(generated);
    }
}
