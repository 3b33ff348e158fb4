@NullMarked
package social.upkeep.grant.internal;

import org.jspecify.annotations.NullMarked;
