package social.upkeep.support;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Currency;
import social.upkeep.instance.Instance;
import social.upkeep.instance.InstanceDetails;
import social.upkeep.instance.Instances;

/** Server profiles for tests. */
public final class Servers {

    private Servers() {
    }

    public static Instance create(Instances instances, String host, String currency) {
        return instances.create(new InstanceDetails(host, host + " social", Currency.getInstance(currency),
                ZoneId.of("Europe/Berlin"), LocalDate.of(2024, 1, 1), null, null), false);
    }
}
