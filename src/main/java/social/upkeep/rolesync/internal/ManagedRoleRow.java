package social.upkeep.rolesync.internal;

import org.jspecify.annotations.Nullable;
import social.upkeep.instance.StaffRoles;

/**
 * A role a tier names, its id on the server when known, and whether Upkeep may remove it from anyone.
 * {@code approved}: the owner let this name reach the role command; {@code staff}: the server showed it with staff
 * rights, so Upkeep neither gives nor takes it.
 */
record ManagedRoleRow(String name, @Nullable String remoteId, boolean entirelyManaged, @Nullable Integer holders,
        boolean approved, boolean staff) {

    /** A staff role by its name or by what the server showed: never handed out, never taken away. */
    public boolean untouchable() {
        return staff || StaffRoles.named(name);
    }
}
