package dev.qrly.core.scan;

/**
 * Port: a route cache shared by every instance (Redis, in scale-out mode), behind each instance's
 * own {@link RouteCache}. A miss of the in-process cache asks here before the store, and a change
 * writes the new route here before it is announced on the {@link ChangeBus}, so the other
 * instances reload it from here rather than from the store.
 *
 * <p>Calls may block for a short, bounded time (they run off the event loop) and throw when the
 * shared cache cannot be reached; the route cache then goes on without it.
 */
public interface SharedRoutes {

    /** No shared cache: every miss goes to the store. */
    SharedRoutes NONE = new SharedRoutes() {
        @Override
        public Route get(String slugKey) {
            return null;
        }

        @Override
        public void put(String slugKey, Route route) {
            // nothing shared
        }
    };

    /**
     * The shared route for a slug key, {@link Route#UNKNOWN} for a slug known to match no code, or
     * null when the shared cache has no entry.
     *
     * @throws RuntimeException when the shared cache cannot be reached in time
     */
    Route get(String slugKey);

    /**
     * Stores the route, {@link Route#UNKNOWN} included (kept briefly).
     *
     * @throws RuntimeException when the shared cache cannot be reached in time
     */
    void put(String slugKey, Route route);
}
