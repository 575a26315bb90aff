package dev.qrly.core.analytics;

/**
 * Scans counted apart: by people, and by bots and link previews.
 *
 * @param humans scans by people
 * @param bots scans by bots, crawlers and link previews
 */
public record Totals(long humans, long bots) {

    public static final Totals NONE = new Totals(0, 0);

    public Totals plus(long moreHumans, long moreBots) {
        return new Totals(humans + moreHumans, bots + moreBots);
    }
}
