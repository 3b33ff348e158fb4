package social.upkeep.rolesync.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import social.upkeep.rolesync.DesiredRoles;
import social.upkeep.shared.PersonalData;

/** The roles the supporter's account holds through Upkeep on each server, and every change made to them. */
@Component
class RoleData implements PersonalData {

    private final JdbcClient jdbc;
    private final RoleSyncStore store;

    RoleData(JdbcClient jdbc, RoleSyncStore store) {
        this.jdbc = jdbc;
        this.store = store;
    }

    @Override
    public List<String> tables() {
        return List.of("role_grant", "role_change");
    }

    @Override
    public Map<String, List<Map<String, Object>>> rowsAbout(Person person) {
        String handle = String.valueOf(person.handle());
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        rows.put("role_grant", PersonalData.plain(jdbc.sql("""
                        SELECT g.* FROM role_grant g JOIN instance i ON i.id = g.instance_id
                        WHERE '@' || g.username || '@' || i.host = ? ORDER BY g.instance_id""")
                .param(handle).query().listOfRows()));
        rows.put("role_change", PersonalData.plain(jdbc.sql("""
                        SELECT c.id, c.instance_id, c.username, c.action, c.role, c.status, c.cause, c.applied_by,
                            c.created_at, c.updated_at
                        FROM role_change c JOIN instance i ON i.id = c.instance_id
                        WHERE '@' || c.username || '@' || i.host = ? ORDER BY c.id""")
                .param(handle).query().listOfRows()));
        return rows;
    }

    /**
     * Settled changes to their account name the pseudonym. The role itself, and changes still to be made, stay
     * until role sync has taken the role away ({@link RoleSyncRuns#erased}).
     */
    @Override
    public void erase(Person person) {
        if (person.handle() == null || person.homeHost() == null) {
            return;
        }
        jdbc.sql("SELECT id FROM instance WHERE host = ?").param(person.homeHost()).query(Long.class).list()
                .forEach(instanceId -> store.forget(instanceId, DesiredRoles.localName(person.handle()),
                        person.pseudonym()));
    }
}
