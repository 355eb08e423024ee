package ch.uncloud.jdbc;

/**
 * A service and one of its idempotency keys, the unique pair a replay is found by.
 *
 * @param service the service name
 * @param key the idempotency key
 */
record KeyRef(String service, String key) {
}
