package social.upkeep.grant;

/** Where a grant stands. */
public enum GrantStatus {
    APPLIED, AWARDED, ACTIVE, COMPLETED, DECLINED
}
