package dev.qrly.core.analytics;

import java.util.Objects;

/**
 * What a user agent (and the request's bot signals) says about the client.
 *
 * @param device the device class; {@link DeviceClass#BOT} exactly when {@code botName} is set
 * @param os the operating system's name without version, such as {@code iOS}, or {@code Unknown}; not null
 * @param browser the browser or app's name without version, such as {@code Safari}, or {@code Unknown}; not null
 * @param botName for a bot, a short stable name such as {@code WhatsApp}, {@code Googlebot}, {@code curl}; else null
 */
public record Client(DeviceClass device, String os, String browser, String botName) {

    public static final String UNKNOWN = "Unknown";

    public Client {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(browser, "browser");
        if ((device == DeviceClass.BOT) != (botName != null)) {
            throw new IllegalArgumentException("a bot has a name and only a bot has one: " + device + ", " + botName);
        }
    }

    /** A bot with what else is known of it. */
    public static Client bot(String name, String os, String browser) {
        return new Client(DeviceClass.BOT, os, browser, name);
    }

    public boolean bot() {
        return botName != null;
    }
}
