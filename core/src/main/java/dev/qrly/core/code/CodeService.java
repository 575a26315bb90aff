package dev.qrly.core.code;

import dev.qrly.core.DomainException;
import dev.qrly.core.tenant.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The create path: creating, reading, listing, changing and deleting a tenant's codes.
 *
 * <p>Every method takes the caller's {@link Principal} and touches only its tenant's codes;
 * another tenant's code is "not found", exactly like a missing one. Every committed change is
 * announced through {@link CodeChanges} so that the very next scan sees it.
 */
public final class CodeService {

    public static final int MAX_LABEL_LENGTH = 200;
    public static final int MAX_TAGS = 20;
    public static final int MAX_TAG_LENGTH = 50;
    private static final int ID_ATTEMPTS = 10;

    private final CodeStore store;
    private final Destinations destinations;
    private final CodeChanges changes;
    private final Clock clock;
    private final RandomGenerator random;

    public CodeService(CodeStore store, Destinations destinations, CodeChanges changes, Clock clock, RandomGenerator random) {
        this.store = Objects.requireNonNull(store, "store");
        this.destinations = Objects.requireNonNull(destinations, "destinations");
        this.changes = Objects.requireNonNull(changes, "changes");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Creates a code.
     *
     * @throws DomainException (invalid) naming the field at fault
     * @throws SlugTakenException if the vanity slug is in use, by anyone, ever
     */
    public Code create(Principal caller, NewCode request) {
        Code checked = prepare(caller, request);
        for (int attempt = 0; ; attempt++) {
            Code code = attempt == 0 ? checked : withNewId(checked, request.slug() != null);
            try {
                store.insert(code, new DestinationChange(code.destination(), code.createdAt(), caller.keyPrefix()));
                changes.changed(code);
                return code;
            } catch (CodeStore.IdTakenException | SlugTakenException e) {
                // a drawn id collided with an id or a vanity slug: draw again; a taken vanity slug is the caller's
                if (request.slug() != null && e instanceof SlugTakenException || attempt + 1 >= ID_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Checks a request and makes the code it asks for, with a newly drawn id, without storing it:
     * for callers that store many codes at once ({@code BatchService}). Whether its slug is free is
     * known only when it is stored.
     *
     * @throws DomainException (invalid) naming the field at fault
     */
    public Code prepare(Principal caller, NewCode request) {
        String destination = destinations.check(request.destination());
        String vanity = request.slug() == null ? null : Slugs.checkVanity(request.slug());
        String label = label(request.label());
        List<String> tags = tags(request.tags());
        Instant now = clock.instant();
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
            throw DomainException.invalid("expiresAt", "expiresAt must be in the future");
        }
        checkMaxScans(request.maxScans());
        String id = Slugs.newId(random);
        return new Code(id, caller.tenantId(), vanity == null ? id : vanity, destination, label, tags, true,
                request.expiresAt(), request.maxScans(), request.errorCorrection(), request.style(), now, now, null);
    }

    /** The same code under a newly drawn id, and slug unless {@code vanity} says it has a vanity slug. */
    public Code withNewId(Code code, boolean vanity) {
        String id = Slugs.newId(random);
        String slug = vanity ? code.slug() : id;
        return new Code(id, code.tenantId(), slug, code.destination(), code.label(), code.tags(), code.active(),
                code.expiresAt(), code.maxScans(), code.errorCorrection(), code.style(), code.createdAt(), code.updatedAt(),
                code.deletedAt());
    }

    /** Tells the scan path of codes stored by another path than {@link #create} (a batch's). */
    public void announce(Code created) {
        changes.changed(created);
    }

    /** The caller's code, deleted ones included (they answer 410 on scan and show as deleted). */
    public Code get(Principal caller, String id) {
        return store.find(caller.tenantId(), normaliseId(id)).orElseThrow(() -> notFound(id));
    }

    /** A page of the caller's codes in the query's order, and the cursor of the next page, if any. */
    public record Page(List<Code> codes, Optional<CodeQuery.Cursor> next) {}

    public Page list(Principal caller, CodeQuery query) {
        List<Code> rows = store.list(caller.tenantId(), query);
        if (rows.size() <= query.limit()) {
            return new Page(rows, Optional.empty());
        }
        List<Code> page = rows.subList(0, query.limit());
        Code last = page.get(page.size() - 1);
        return new Page(List.copyOf(page), Optional.of(CodeQuery.Cursor.of(last)));
    }

    /**
     * The ids among {@code ids} that name the caller's codes and are not deleted, as stored (ids are
     * matched case-insensitively), each once, in the order given. Another tenant's code is left out
     * exactly like a missing one.
     */
    public List<String> liveIds(Principal caller, Collection<String> ids) {
        LinkedHashSet<String> live = new LinkedHashSet<>();
        for (String id : ids) {
            store.find(caller.tenantId(), normaliseId(id)).filter(code -> !code.deleted()).ifPresent(code -> live.add(code.id()));
        }
        return List.copyOf(live);
    }

    /**
     * Applies a patch; a new destination is recorded in the history and served from the next scan.
     *
     * @throws DomainException (not found, or invalid naming the field)
     */
    public Code update(Principal caller, String id, CodePatch patch) {
        Code current = get(caller, id);
        if (current.deleted()) {
            throw DomainException.notFound("code " + id + " is deleted");
        }
        String destination = patch.destination() == null ? current.destination() : destinations.check(patch.destination());
        checkMaxScans(patch.maxScans() == null ? null : patch.maxScans().orElse(null));
        Instant now = clock.instant();
        Code updated = new Code(current.id(), current.tenantId(), current.slug(), destination,
                patch.label() == null ? current.label() : label(patch.label().orElse(null)),
                patch.tags() == null ? current.tags() : tags(patch.tags()),
                patch.active() == null ? current.active() : patch.active(),
                patch.expiresAt() == null ? current.expiresAt() : patch.expiresAt().orElse(null),
                patch.maxScans() == null ? current.maxScans() : patch.maxScans().orElse(null),
                current.errorCorrection(), current.style(), current.createdAt(), now, null);
        Optional<DestinationChange> change = destination.equals(current.destination())
                ? Optional.empty()
                : Optional.of(new DestinationChange(destination, now, caller.keyPrefix()));
        if (!store.update(updated, change)) {
            throw notFound(id);
        }
        changes.changed(updated);
        return updated;
    }

    /** Deletes a code: its scans answer 410 from now on and its slug is never reused. */
    public void delete(Principal caller, String id) {
        Code current = get(caller, id);
        if (current.deleted()) {
            throw notFound(id);
        }
        Instant now = clock.instant();
        Code deleted = new Code(current.id(), current.tenantId(), current.slug(), current.destination(), current.label(),
                current.tags(), false, current.expiresAt(), current.maxScans(), current.errorCorrection(), current.style(),
                current.createdAt(), now, now);
        if (!store.update(deleted, Optional.empty())) {
            throw notFound(id);
        }
        changes.changed(deleted);
    }

    /** The code's destinations, newest first. */
    public List<DestinationChange> history(Principal caller, String id) {
        Code code = get(caller, id);
        return store.history(caller.tenantId(), code.id());
    }

    private static String normaliseId(String id) {
        return id == null ? "" : Slugs.key(id);
    }

    private static DomainException notFound(String id) {
        return DomainException.notFound("no code " + id);
    }

    private static String label(String label) {
        if (label == null || label.isBlank()) {
            return null;
        }
        String trimmed = label.strip();
        if (trimmed.length() > MAX_LABEL_LENGTH) {
            throw DomainException.invalid("label", "label must be at most " + MAX_LABEL_LENGTH + " characters, not " + trimmed.length());
        }
        if (trimmed.chars().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
            throw DomainException.invalid("label", "label must not contain control characters");
        }
        return trimmed;
    }

    /**
     * Checks tags as every code's are checked: each 1 to {@value #MAX_TAG_LENGTH} characters
     * without control characters, at most {@value #MAX_TAGS} once duplicates are dropped.
     *
     * @return the tags stripped, each once, in order
     * @throws DomainException ({@code tags}) naming what is wrong
     */
    public static List<String> tags(List<String> tags) {
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String tag : tags) {
            if (tag == null || tag.isBlank()) {
                throw DomainException.invalid("tags", "tags must not be empty");
            }
            String trimmed = tag.strip();
            if (trimmed.length() > MAX_TAG_LENGTH || trimmed.chars().anyMatch(Character::isISOControl)) {
                throw DomainException.invalid("tags", "each tag must be 1 to " + MAX_TAG_LENGTH + " characters without control characters");
            }
            unique.add(trimmed);
        }
        if (unique.size() > MAX_TAGS) {
            throw DomainException.invalid("tags", "at most " + MAX_TAGS + " tags, not " + unique.size());
        }
        return new ArrayList<>(unique);
    }

    private static void checkMaxScans(Long maxScans) {
        if (maxScans != null && maxScans < 1) {
            throw DomainException.invalid("maxScans", "maxScans must be at least 1, not " + maxScans);
        }
    }
}
