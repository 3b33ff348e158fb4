package social.upkeep.shared;

/** Something a server's public page shows has changed: its cached report must go. */
public record PublicDataChanged(long instanceId) {
}
