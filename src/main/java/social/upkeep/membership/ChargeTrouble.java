package social.upkeep.membership;

/** What became of the latest charge of a membership: nothing, fully refunded, or disputed (open or lost). */
public enum ChargeTrouble {
    NONE, REFUNDED, DISPUTED
}
