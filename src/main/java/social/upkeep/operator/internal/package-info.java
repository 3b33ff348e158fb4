
@NullMarked
package social.upkeep.operator.internal;

import org.jspecify.annotations.NullMarked;
