@NullMarked
package social.upkeep.membership.internal;

import org.jspecify.annotations.NullMarked;
