package dev.qrly.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One process at a time on a data folder: an OS lock ({@link FileChannel#tryLock}) on
 * {@value #FILE} in it, held for as long as the process runs. The OS lets go of it when the
 * process ends however it ends ({@code kill -9} included), so a crash never leaves a stale lock.
 * The holder writes its pid and start time into the file, for the refusal of the next one to name it.
 *
 * <p>Two services on one folder would each cache the codes and never see the other's changes (and
 * two SQLite writers would take turns failing), so the second is refused at start.
 */
final class DataDirLock implements AutoCloseable {

    static final String FILE = "qrly.lock";

    /** Refused: another process holds the folder. The message names it. */
    static final class HeldException extends RuntimeException {
        HeldException(String message) {
            super(message);
        }
    }

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the folder's lock, creating the folder if needed.
     *
     * @throws HeldException naming the process that holds it (pid and start time, as it wrote them)
     * @throws UncheckedIOException when the folder or the lock file cannot be made
     */
    static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
                channel.close();
                throw new HeldException("another qrly process (" + (holder.isEmpty() ? "pid unknown" : holder) + ") uses the data "
                        + "folder " + dataDir);
            }
            ProcessHandle self = ProcessHandle.current();
            String started = self.info().startInstant().orElse(Instant.now()).toString();
            try {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(("pid " + self.pid() + ", started " + started + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            } catch (IOException full) {
                // a full disk: the lock holds all the same, only the next refusal cannot name this process
            }
            return new DataDirLock(channel, lock);
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the first failure is the one to report
                }
            }
            throw new UncheckedIOException("cannot lock the data folder " + dataDir + " (" + file + "): " + e.getMessage(), e);
        }
    }

    /** Lets go of the folder (the file stays: the next holder overwrites it). */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing the channel releases the lock in any case; the process is ending
        }
    }
}
