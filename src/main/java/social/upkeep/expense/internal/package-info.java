@NullMarked
package social.upkeep.expense.internal;

import org.jspecify.annotations.NullMarked;
