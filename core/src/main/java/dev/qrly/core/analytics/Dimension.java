package dev.qrly.core.analytics;

/** What a breakdown of the stats counts scans by. Every one counts human scans, except {@link #BOT}, which counts bots. */
public enum Dimension {
    DEVICE, OS, BROWSER, COUNTRY,
    /** {@code City, CC}: a city's name alone is ambiguous. Scans with no known city are left out. */
    CITY,
    /** The referrer's host; {@code direct} when there was none. */
    REFERRER,
    SOURCE,
    /** Bot scans by the bot's name. */
    BOT,
    /** By code id; only useful tenant-wide. */
    CODE
}
