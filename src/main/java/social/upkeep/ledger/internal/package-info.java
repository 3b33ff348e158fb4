@NullMarked
package social.upkeep.ledger.internal;

import org.jspecify.annotations.NullMarked;
