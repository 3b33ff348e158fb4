package social.upkeep.expense;

import java.util.List;

/**
 * The built-in categories, named by message key; an operator's own are stored as "custom:Name" so they can
 * never be mistaken for a built-in one.
 */
public final class ExpenseCategories {

    public static final List<String> BUILT_IN = List.of("hosting", "storage-cdn", "email", "domain", "backups",
            "stipends", "software", "legal-fees", "other");
    public static final String CUSTOM_PREFIX = "custom:";

    private ExpenseCategories() {
    }

    public static boolean isCustom(String category) {
        return category.startsWith(CUSTOM_PREFIX);
    }

    /** The operator's own name of a custom category. */
    public static String customName(String category) {
        return category.substring(CUSTOM_PREFIX.length());
    }
}
