package dev.qrly.store.sqlite;

import dev.qrly.core.analytics.Client;
import dev.qrly.core.analytics.DeviceClass;
import dev.qrly.core.analytics.Place;
import dev.qrly.core.analytics.Scan;
import dev.qrly.core.scan.ScanEvent;
import dev.qrly.core.scan.ScanSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The encoding of a block of one code's scans: a table of the distinct strings in the block, then
 * each scan as its id, its time as milliseconds after the block's first, a flag byte, the device
 * class, the address hash and references into the string table. The client addresses are encoded
 * apart ({@link #encodeAddresses}), in the same order, so that they can be deleted on their own.
 *
 * <p>Version byte first: a later format can be read beside this one.
 */
final class ScanBlocks {

    static final int VERSION = 1;

    private static final int LINK = 1;
    private static final int HEAD = 2;
    private static final int PREFETCH = 4;
    private static final int GONE = 8;
    private static final DeviceClass[] DEVICES = DeviceClass.values();

    private ScanBlocks() {}

    /** @param scans one code's scans; {@code firstAt} is the earliest of their times in epoch milliseconds */
    static byte[] encode(List<Scan> scans, long firstAt) {
        Map<String, Integer> strings = new HashMap<>();
        List<String> table = new ArrayList<>();
        Out body = new Out(scans.size() * 48);
        body.varint(scans.size());
        for (Scan scan : scans) {
            UUID id = scan.id();
            body.fixed64(id.getMostSignificantBits());
            body.fixed64(id.getLeastSignificantBits());
            body.varint(scan.at().toEpochMilli() - firstAt);
            body.write((scan.source() == ScanSource.LINK ? LINK : 0) | (scan.head() ? HEAD : 0) | (scan.prefetch() ? PREFETCH : 0)
                    | (scan.outcome() == ScanEvent.Outcome.GONE ? GONE : 0));
            body.write(scan.client().device().ordinal());
            body.fixed64(scan.ipHash());
            ref(body, strings, table, scan.userAgent());
            ref(body, strings, table, scan.referrer());
            ref(body, strings, table, scan.referrerHost());
            ref(body, strings, table, scan.acceptLanguage());
            ref(body, strings, table, scan.variant());
            ref(body, strings, table, scan.client().os());
            ref(body, strings, table, scan.client().browser());
            ref(body, strings, table, scan.client().botName());
            ref(body, strings, table, scan.place().country());
            ref(body, strings, table, scan.place().city());
        }
        Out out = new Out(body.size() + table.size() * 24 + 8);
        out.write(VERSION);
        out.varint(table.size());
        for (String s : table) {
            out.string(s);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** The client addresses of {@code scans}, in their order. */
    static byte[] encodeAddresses(List<Scan> scans) {
        Out out = new Out(scans.size() * 16);
        out.write(VERSION);
        out.varint(scans.size());
        for (Scan scan : scans) {
            out.string(scan.ip());
        }
        return out.toByteArray();
    }

    /**
     * The scans of a block.
     *
     * @param addresses the block's addresses, or null once they are forgotten (the scans' {@code ip} is then null)
     * @throws IllegalStateException if the data is not a block this version can read
     */
    static List<Scan> decode(String codeId, long firstAt, byte[] data, byte[] addresses) {
        In in = new In(data);
        int version = in.read();
        if (version != VERSION) {
            throw new IllegalStateException("scan block of code " + codeId + " has format " + version + "; this version reads " + VERSION);
        }
        String[] table = new String[in.varintInt()];
        for (int i = 0; i < table.length; i++) {
            table[i] = in.string();
        }
        String[] ips = null;
        if (addresses != null) {
            In a = new In(addresses);
            a.read();
            ips = new String[a.varintInt()];
            for (int i = 0; i < ips.length; i++) {
                ips[i] = a.string();
            }
        }
        int count = in.varintInt();
        List<Scan> scans = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            UUID id = new UUID(in.fixed64(), in.fixed64());
            Instant at = Instant.ofEpochMilli(firstAt + in.varint());
            int flags = in.read();
            DeviceClass device = DEVICES[in.read()];
            long ipHash = in.fixed64();
            String userAgent = deref(in, table);
            String referrer = deref(in, table);
            String referrerHost = deref(in, table);
            String language = deref(in, table);
            String variant = deref(in, table);
            String os = deref(in, table);
            String browser = deref(in, table);
            String botName = deref(in, table);
            String country = deref(in, table);
            String city = deref(in, table);
            scans.add(new Scan(id, codeId, at, (flags & LINK) != 0 ? ScanSource.LINK : ScanSource.QR,
                    (flags & GONE) != 0 ? ScanEvent.Outcome.GONE : ScanEvent.Outcome.REDIRECTED, (flags & HEAD) != 0,
                    (flags & PREFETCH) != 0, variant, ips != null && i < ips.length ? ips[i] : null, ipHash, userAgent, referrer,
                    referrerHost, language, new Client(device, os, browser, botName), new Place(country, city)));
        }
        return scans;
    }

    private static void ref(Out out, Map<String, Integer> strings, List<String> table, String value) {
        if (value == null) {
            out.varint(0);
            return;
        }
        Integer index = strings.get(value);
        if (index == null) {
            index = table.size();
            strings.put(value, index);
            table.add(value);
        }
        out.varint(index + 1L);
    }

    private static String deref(In in, String[] table) {
        int ref = in.varintInt();
        return ref == 0 ? null : table[ref - 1];
    }

    /** A growing byte buffer with the few encodings used here. */
    private static final class Out extends ByteArrayOutputStream {
        Out(int size) {
            super(Math.max(16, size));
        }

        void varint(long value) {
            long v = value;
            while ((v & ~0x7FL) != 0) {
                write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            write((int) v);
        }

        void fixed64(long value) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                write((int) (value >>> shift));
            }
        }

        void string(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            varint(bytes.length);
            writeBytes(bytes);
        }
    }

    private static final class In {
        private final byte[] data;
        private int pos;

        In(byte[] data) {
            this.data = data;
        }

        int read() {
            if (pos >= data.length) {
                throw new IllegalStateException("scan block ends early, at byte " + pos);
            }
            return data[pos++] & 0xFF;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = read();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalStateException("scan block has a malformed number at byte " + pos);
        }

        int varintInt() {
            long value = varint();
            if (value < 0 || value > Integer.MAX_VALUE) {
                throw new IllegalStateException("scan block has an impossible count " + value + " at byte " + pos);
            }
            return (int) value;
        }

        long fixed64() {
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | read();
            }
            return value;
        }

        String string() {
            int length = varintInt();
            if (length > data.length - pos) {
                throw new IllegalStateException("scan block has a string longer than the block at byte " + pos);
            }
            String s = new String(data, pos, length, StandardCharsets.UTF_8);
            pos += length;
            return s;
        }
    }
}
