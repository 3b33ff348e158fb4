
@NullMarked
package social.upkeep.shared.internal;

import org.jspecify.annotations.NullMarked;
