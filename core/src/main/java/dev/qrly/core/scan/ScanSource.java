package dev.qrly.core.scan;

import java.util.Locale;

/** How a scan arrived: the printed code encodes the upper-case route, the shared link the lower-case one. */
public enum ScanSource {
    QR, LINK;

    private final String key = name().toLowerCase(Locale.ROOT);

    /** The name in stats and exports: {@code qr} or {@code link}. */
    public String key() {
        return key;
    }
}
