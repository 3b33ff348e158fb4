package social.upkeep.instance.internal;

import java.util.List;
import org.springframework.stereotype.Component;
import social.upkeep.instance.FediverseServers;
import social.upkeep.shared.ServerCheck;

/** Setup: the server is connected, so Upkeep can read it and give roles. */
@Component
class ConnectionCheck implements ServerCheck {

    private final FediverseServers servers;

    ConnectionCheck(FediverseServers servers) {
        this.servers = servers;
    }

    @Override
    public List<Item> check(long serverId) {
        boolean connected = servers.connection(serverId).filter(c -> c.usable()).isPresent();
        return List.of(Item.setup(10, "checklist.connect", connected, "/operator/servers/" + serverId + "/connection"));
    }
}
