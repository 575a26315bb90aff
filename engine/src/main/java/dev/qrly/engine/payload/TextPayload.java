package dev.qrly.engine.payload;

import dev.qrly.engine.InvalidInputException;

/**
 * Plain text, encoded as it is. Scanners show it and offer to copy it.
 *
 * @param text the text; not null, not empty, without the NUL character (U+0000)
 */
public record TextPayload(String text) implements Payload {

    /**
     * Checks the text.
     *
     * @throws InvalidInputException if {@code text} is missing
     * @throws InvalidInputException (field {@code "text"}) if {@code text} is empty or contains
     *     NUL, which many readers take as the end of the string
     */
    public TextPayload {
        Checks.required(text, "text");
        if (text.isEmpty()) {
            throw new InvalidInputException("text", "the text must not be empty");
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new InvalidInputException("text", "the text must not contain the NUL character"
                    + " (U+0000, at position " + nul + ")");
        }
    }

    @Override
    public String type() {
        return "text";
    }
}
