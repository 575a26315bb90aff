package dev.qrly.core.code;

import dev.qrly.core.DomainException;

/** The slug is already used by a code, of this tenant or another, live or deleted. */
public final class SlugTakenException extends DomainException {

    private static final long serialVersionUID = 1L;

    public SlugTakenException(String slug) {
        super(Kind.CONFLICT, "slug_taken", "the slug '" + slug + "' is already taken", "slug");
    }
}
