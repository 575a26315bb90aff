package dev.qrly.core.scan;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * The spool's encoding of one {@link ScanEvent}: the id's 16 bytes, the time as seconds and
 * nanoseconds, then each string as a varint of its UTF-8 length plus one (0 for null) and its
 * bytes, and one byte of flags. A typical event (a browser agent, no referrer) takes 200 to 250
 * bytes. Not thread-safe: one encoder a writer.
 */
final class SpoolCodec {

    private static final int HEAD = 1, PREFETCH = 2, FLOOD = 4, GONE = 8, LINK = 16;

    private byte[] bytes = new byte[512];
    private int size;

    /** Encodes {@code event} into this codec's buffer; {@link #bytes()} and {@link #size()} then hold it. */
    void encode(ScanEvent event) {
        size = 0;
        putLong(event.id().getMostSignificantBits());
        putLong(event.id().getLeastSignificantBits());
        putVarLong(event.at().getEpochSecond());
        putVarLong(event.at().getNano());
        putString(event.codeId());
        putString(event.tenantId());
        putString(event.ip());
        putString(event.userAgent());
        putString(event.referrer());
        putString(event.acceptLanguage());
        putString(event.variant());
        int flags = (event.head() ? HEAD : 0) | (event.prefetch() ? PREFETCH : 0) | (event.flood() ? FLOOD : 0)
                | (event.outcome() == ScanEvent.Outcome.GONE ? GONE : 0) | (event.source() == ScanSource.LINK ? LINK : 0);
        ensure(1);
        bytes[size++] = (byte) flags;
    }

    byte[] bytes() {
        return bytes;
    }

    int size() {
        return size;
    }

    /**
     * Decodes one event from {@code in}'s remaining bytes.
     *
     * @throws IllegalArgumentException if they are not an event this codec wrote
     */
    static ScanEvent decode(ByteBuffer in) {
        try {
            UUID id = new UUID(in.getLong(), in.getLong());
            Instant at = Instant.ofEpochSecond(getVarLong(in), getVarLong(in));
            String codeId = getString(in);
            String tenantId = getString(in);
            String ip = getString(in);
            String userAgent = getString(in);
            String referrer = getString(in);
            String acceptLanguage = getString(in);
            String variant = getString(in);
            int flags = in.get();
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the event");
            }
            return new ScanEvent(id, codeId, tenantId, at, ip, userAgent, referrer, acceptLanguage,
                    (flags & LINK) != 0 ? ScanSource.LINK : ScanSource.QR, (flags & HEAD) != 0, (flags & PREFETCH) != 0,
                    (flags & GONE) != 0 ? ScanEvent.Outcome.GONE : ScanEvent.Outcome.REDIRECTED, variant, (flags & FLOOD) != 0);
        } catch (BufferUnderflowException | NullPointerException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("not a spooled scan event: " + e, e);
        }
    }

    private void putLong(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
    }

    private void putVarLong(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[size++] = (byte) value;
    }

    private void putString(String value) {
        if (value == null) {
            putVarLong(0);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        putVarLong(utf8.length + 1L);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, bytes, size, utf8.length);
        size += utf8.length;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    private static long getVarLong(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("a varint longer than 10 bytes");
    }

    private static String getString(ByteBuffer in) {
        long length = getVarLong(in);
        if (length == 0) {
            return null;
        }
        if (length - 1 > in.remaining()) {
            throw new IllegalArgumentException("a string of " + (length - 1) + " bytes where " + in.remaining() + " are left");
        }
        byte[] utf8 = new byte[(int) (length - 1)];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
