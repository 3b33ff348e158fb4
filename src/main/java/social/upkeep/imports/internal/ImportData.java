package social.upkeep.imports.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import social.upkeep.shared.PersonalData;
import social.upkeep.shared.Retention;

/**
 * An import's read lines are kept for its preview only: they may hold what another platform said about donors (a
 * bank transfer's description, say), and they are not tied to Upkeep's supporters. The daily retention pass drops
 * them a week after the upload; the batch and the ledger entries it booked stay.
 */
@Component
class ImportData implements PersonalData {

    static final Duration PREVIEW_KEPT = Duration.ofDays(7);

    private final ImportStore store;

    ImportData(ImportStore store) {
        this.store = store;
    }

    @Override
    public List<String> tables() {
        return List.of();
    }

    @Override
    public Map<String, List<Map<String, Object>>> rowsAbout(Person person) {
        return Map.of();
    }

    @Override
    public void erase(Person person) {
        // Nothing here names Upkeep's supporters.
    }

    @Override
    public Map<String, Integer> purge(Retention retention, Instant now) {
        return Map.of("import-lines", store.forgetLines(now.minus(PREVIEW_KEPT)));
    }
}
