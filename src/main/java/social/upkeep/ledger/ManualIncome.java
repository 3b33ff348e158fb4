package social.upkeep.ledger;

import java.util.List;

/** Where money received outside Stripe came from; each has a message key "income.source.{source}". */
public final class ManualIncome {

    public static final List<String> SOURCES = List.of("bank-transfer", "cash", "liberapay", "open-collective",
            "patreon", "ko-fi", "other");

    private ManualIncome() {
    }
}
