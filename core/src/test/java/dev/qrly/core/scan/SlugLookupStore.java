package dev.qrly.core.scan;

import dev.qrly.core.code.Code;
import dev.qrly.core.code.CodeQuery;
import dev.qrly.core.code.CodeStore;
import dev.qrly.core.code.DestinationChange;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A code store that answers only what a route cache asks, {@link #findBySlugKey}, from a map, and
 * counts those reads; every other method is no part of the tests that use it and throws.
 */
public final class SlugLookupStore implements CodeStore {

    /** The codes by slug key; tests may change them. */
    public final Map<String, Code> codes;
    /** How many lookups reached this store. */
    public final AtomicInteger reads = new AtomicInteger();
    /** Run on every lookup, before it answers: where a test makes something happen meanwhile. */
    public volatile Runnable onRead = () -> { };

    public SlugLookupStore(Map<String, Code> codes) {
        this.codes = new ConcurrentHashMap<>(codes);
    }

    @Override
    public Optional<Code> findBySlugKey(String slugKey) {
        reads.incrementAndGet();
        onRead.run();
        return Optional.ofNullable(codes.get(slugKey));
    }

    @Override
    public void insert(Code code, DestinationChange first) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Code> find(String tenantId, String id) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Code> list(String tenantId, CodeQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean update(Code code, Optional<DestinationChange> change) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<DestinationChange> history(String tenantId, String id) {
        throw new UnsupportedOperationException();
    }
}
