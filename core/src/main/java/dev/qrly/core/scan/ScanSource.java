package dev.qrly.core.scan;

/** How a scan arrived: the printed code encodes the upper-case route, the shared link the lower-case one. */
public enum ScanSource {
    QR, LINK
}
