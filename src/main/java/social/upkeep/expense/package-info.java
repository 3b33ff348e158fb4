/** What running a server costs: expenses, their receipts and categories, and recurring costs. */
@NullMarked
package social.upkeep.expense;

import org.jspecify.annotations.NullMarked;
