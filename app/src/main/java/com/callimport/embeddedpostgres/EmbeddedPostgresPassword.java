package com.callimport.embeddedpostgres;

import com.callimport.connector.Secret;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/** The embedded database's superuser password, generated once and kept in a file only its owner can read. */
final class EmbeddedPostgresPassword {
    private static final SecureRandom random = new SecureRandom();

    private EmbeddedPostgresPassword() {
    }

    /** Reads the password from {@code file}, or generates one and writes it there; the caller holds the data directory's lock. */
    static Secret readOrCreate(Path file) throws IOException {
        if (Files.exists(file)) {
            String kept = Files.readString(file).strip();
            if (kept.isEmpty()) {
                throw new EmbeddedPostgresUnavailable("the embedded database's password file " + file + " is empty; "
                        + "restore it from a backup of the data directory");
            }
            return Secret.of(kept);
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        // owner-only from creation, and renamed into place whole, so no one ever reads it open or half-written
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        try (FileChannel channel = FileChannel.open(partial, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            channel.write(ByteBuffer.wrap((generated + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        return Secret.of(generated);
    }
}
