package com.callimport.recordings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blobs as files under a root directory. A blob is written to a temporary file beside its target
 * and moved into place atomically once complete and synced, so a crash leaves either no file or a
 * whole one (a stray temporary file at worst).
 */
public class FileSystemBlobStore implements BlobStore {
    private static final Logger log = LoggerFactory.getLogger(FileSystemBlobStore.class);
    private static final int BUFFER_BYTES = 64 * 1024;
    // most file systems allow 255 bytes per name
    private static final int MAX_SEGMENT_CHARACTERS = 255;

    private final Path root;

    public FileSystemBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public StoredBlob write(String key, InputStream content, OptionalLong expectedBytes) throws IOException {
        Path target = resolve(key);
        try {
            return write(key, target, content, expectedBytes);
        } catch (TruncatedContentException tooShort) {
            throw tooShort;
        } catch (IOException failure) {
            throw withoutPath("write", key, failure);
        }
    }

    private StoredBlob write(String key, Path target, InputStream content, OptionalLong expectedBytes) throws IOException {
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
        Path path = resolve(key);
        try {
            return Optional.of(Files.newInputStream(path));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException failure) {
            throw withoutPath("read", key, failure);
        }
    }

    @Override
    public Optional<InputStream> read(String key, long offset, long length) throws IOException {
        requireRange(offset, length);
        Path path = resolve(key);
        try {
            SeekableByteChannel channel = Files.newByteChannel(path);
            try {
                channel.position(offset);
            } catch (IOException | RuntimeException failure) {
                channel.close();
                throw failure;
            }
            // the channel's stream reads on from the position; the bound stops it after the range
            return Optional.of(new BoundedInputStream(Channels.newInputStream(channel), length));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException failure) {
            throw withoutPath("read", key, failure);
        }
    }

    static void requireRange(long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("a blob range starts at 0 or later and is 0 bytes or longer, not " + length
                    + " bytes from " + offset);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    private Path resolve(String key) {
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.indexOf('\u0000') >= 0
                    || segment.length() > MAX_SEGMENT_CHARACTERS) {
                throw new IllegalArgumentException("blob key '" + key + "' is not a relative path of plain file names");
            }
        }
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("blob key '" + key + "' points outside the blob store");
        }
        return path;
    }

    /** The store's own paths stay in the log; the message, which reaches customers as a failure reason, names the key. */
    private static IOException withoutPath(String action, String key, IOException failure) {
        String reason = switch (failure) {
            case NoSuchFileException missing -> "a folder of the store is missing";
            case FileAlreadyExistsException inTheWay -> "a file stands where the store needs a folder";
            case AccessDeniedException denied -> "the service may not write there";
            case FileSystemException other when other.getReason() != null -> other.getReason();
            default -> "the disk reported an input/output error";
        };
        log.warn("Could not {} blob {}: {}", action, key, failure.toString());
        return new IOException("the recording store could not " + action + " " + key + ": " + reason, failure);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }
}
