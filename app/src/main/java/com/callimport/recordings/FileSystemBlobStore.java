package com.callimport.recordings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Blobs as files under a root directory. A blob is written to a temporary file beside its target
 * and moved into place atomically once complete and synced, so a crash leaves either no file or a
 * whole one (a stray temporary file at worst).
 */
public class FileSystemBlobStore implements BlobStore {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final Path root;

    public FileSystemBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public StoredBlob write(String key, InputStream content, OptionalLong expectedBytes) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), ".partial-", ".tmp");
        try {
            MessageDigest sha256 = sha256();
            long written = 0;
            try (OutputStream file = Files.newOutputStream(partial);
                 DigestOutputStream out = new DigestOutputStream(file, sha256)) {
                byte[] buffer = new byte[BUFFER_BYTES];
                for (int read; (read = content.read(buffer)) != -1; ) {
                    out.write(buffer, 0, read);
                    written += read;
                }
            }
            if (expectedBytes.isPresent() && written != expectedBytes.getAsLong()) {
                throw new TruncatedContentException(expectedBytes.getAsLong(), written);
            }
            try (var channel = java.nio.channels.FileChannel.open(partial, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new StoredBlob(key, written, HexFormat.of().formatHex(sha256.digest()));
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public Optional<InputStream> read(String key) throws IOException {
        try {
            return Optional.of(Files.newInputStream(resolve(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || key.contains("..")) {
            throw new IllegalArgumentException("blob key '" + key + "' points outside the blob store");
        }
        return path;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
