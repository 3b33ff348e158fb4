package social.upkeep.instance;

/**
 * An account as its server describes it to its own token. {@code actorUri} identifies it across the fediverse;
 * {@code admin}: the account may manage users there (Mastodon: the Administrator or Manage Users permission).
 */
public record FediverseAccount(String host, String id, String username, String actorUri, boolean admin) {

    public String handle() {
        return "@" + username + "@" + host;
    }
}
