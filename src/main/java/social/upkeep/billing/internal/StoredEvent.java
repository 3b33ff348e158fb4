package social.upkeep.billing.internal;

/** A stored Stripe event claimed by the worker; {@code attempts} counts this one. */
record StoredEvent(long instanceId, String eventId, String type, String payload, int attempts) {
}
