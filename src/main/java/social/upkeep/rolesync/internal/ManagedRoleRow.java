package social.upkeep.rolesync.internal;

import org.jspecify.annotations.Nullable;

/** A role a tier names, its id on the server when known, and whether Upkeep may remove it from anyone. */
record ManagedRoleRow(String name, @Nullable String remoteId, boolean entirelyManaged, @Nullable Integer holders) {
}
