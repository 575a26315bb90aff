package dev.qrly.core.scan;

/**
 * Port: tells every instance that a slug's route changed (Redis pub/sub, in scale-out mode), so
 * each evicts it from its in-process cache and reads it again on its next scan; and that an API
 * key was revoked, so each forgets that it had verified it. Messages may be lost (a
 * disconnection); the in-process entries' short time to live bounds how long an instance can then
 * serve an old route or accept a revoked key, and a reconnection asks every listener to forget
 * everything ({@link Listener#resynchronise}).
 */
public interface ChangeBus {

    /** One instance alone: its own cache is updated directly, and there is nobody to tell. */
    ChangeBus LOCAL = new ChangeBus() {
        @Override
        public void publish(String slugKey) {
            // nobody else
        }

        @Override
        public void publishKeyRevoked(String keyPrefix) {
            // nobody else
        }

        @Override
        public void subscribe(Listener listener) {
            // no other instance ever publishes
        }
    };

    /** What a subscriber is told. Called on the bus's own thread: quick, no blocking. */
    interface Listener {
        /** Another instance changed the route of this slug key. */
        void changed(String slugKey);

        /** Messages may have been missed (the bus reconnected): forget everything cached. */
        void resynchronise();

        /** Another instance revoked the API key with this prefix. */
        default void keyRevoked(String keyPrefix) {
            // most listeners cache no keys
        }
    }

    /**
     * Announces a change to the other instances; never blocks for long and never throws (a lost
     * message is what the time to live is for).
     */
    void publish(String slugKey);

    /** Announces a revoked API key to the other instances; like {@link #publish}, never blocks for long nor throws. */
    void publishKeyRevoked(String keyPrefix);

    /** Starts delivering other instances' changes to {@code listener}; a bus may have several listeners. */
    void subscribe(Listener listener);
}
