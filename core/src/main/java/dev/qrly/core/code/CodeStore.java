package dev.qrly.core.code;

import java.util.List;
import java.util.Optional;

/**
 * Port: where codes and their destination history are kept.
 *
 * <p>Every method that takes a tenant id returns only that tenant's codes; the redirect's
 * {@link #findBySlugKey} is the one lookup across tenants.
 */
public interface CodeStore {

    /**
     * Stores a new code and its first history entry.
     *
     * @throws SlugTakenException if its slug key is used by any code, deleted ones included
     * @throws IdTakenException if its id is used (the caller draws another)
     */
    void insert(Code code, DestinationChange first);

    /** The code with this slug key (upper case), of any tenant, deleted or not. */
    Optional<Code> findBySlugKey(String slugKey);

    /** The tenant's code with this id, deleted or not. */
    Optional<Code> find(String tenantId, String id);

    /**
     * The tenant's codes that are not deleted, newest first ({@code createdAt} descending, then
     * {@code id} descending), from after the query's cursor, at most {@code limit + 1} of them so
     * that the caller can tell whether there is a next page.
     */
    List<Code> list(String tenantId, CodeQuery query);

    /**
     * Replaces a code's mutable fields (destination, label, tags, active, expiresAt, maxScans,
     * updatedAt, deletedAt) and, when the destination changed, appends {@code change} to its history,
     * in one transaction.
     *
     * @return false if the tenant has no such code
     */
    boolean update(Code code, Optional<DestinationChange> change);

    /** The code's destination history, newest first; empty for another tenant's code. */
    List<DestinationChange> history(String tenantId, String id);

    /** The id is in use; the caller draws another. */
    final class IdTakenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public IdTakenException(String id) {
            super("code id " + id + " is taken", null, false, false);
        }
    }
}
