@NullMarked
package social.upkeep.posting.internal;

import org.jspecify.annotations.NullMarked;
